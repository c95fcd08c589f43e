package io.chatplatform.domain.push;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface PushSubscriptionRepository extends JpaRepository<PushSubscription, Long> {

    Optional<PushSubscription> findByEndpoint(String endpoint);

    List<PushSubscription> findByUserIdOrderByCreatedAtAscIdAsc(String userId);

    long deleteByUserIdAndEndpoint(String userId, String endpoint);

    long deleteByIdAndEndpoint(Long id, String endpoint);

    void deleteByUserId(String userId);
}
