package io.chatplatform.domain.notification;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface NotificationRepository extends JpaRepository<Notification, Long> {

    Optional<Notification> findByIdAndUserId(Long id, String userId);

    List<Notification> findByUserIdAndReadAtIsNullOrderByCreatedAtAscIdAsc(String userId, Limit limit);

    List<Notification> findByUserIdAndReadAtIsNullOrderByCreatedAtDescIdDesc(String userId, Limit limit);

    List<Notification> findByUserIdOrderByCreatedAtDescIdDesc(String userId, Limit limit);
}
