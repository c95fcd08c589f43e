package io.chatplatform.domain.notification;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface NotificationRepository extends JpaRepository<Notification, Long> {

    Optional<Notification> findByIdAndUserId(Long id, String userId);

    List<Notification> findByUserIdAndReadAtIsNullOrderByCreatedAtAscIdAsc(String userId, Limit limit);

    List<Notification> findByUserIdAndReadAtIsNullOrderByCreatedAtDescIdDesc(String userId, Limit limit);

    List<Notification> findByUserIdOrderByCreatedAtDescIdDesc(String userId, Limit limit);

    /** The notifications of these kinds the users got since {@code since}: served by (user_id, created_at). */
    List<Notification> findByUserIdInAndKindInAndCreatedAtGreaterThanEqual(Collection<String> userIds,
            Collection<String> kinds, Instant since);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Notification n where n.userId = :userId")
    int deleteByUserId(String userId);
}
