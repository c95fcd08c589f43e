package io.chatplatform.ws.delivery;

import io.chatplatform.domain.user.TokensRevoked;
import io.chatplatform.domain.user.UserService;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the other nodes of a committed token revocation, so that they refuse the revoked tokens at their next
 * handshake instead of at their next periodic reload; and re-reads the revocations other nodes announce. The
 * envelope only names users: the receiving node reads the revocation itself from the database, so a replayed or
 * stale envelope makes it re-read what is already true.
 */
@Component
class RevocationRelay {

    private final ClusterBus bus;

    RevocationRelay(ClusterBus bus, UserService users) {
        this.bus = bus;
        bus.onReceive(Envelope.Target.REVOKED, envelope -> users.rereadRevocations(envelope.userIds()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TokensRevoked revoked) {
        bus.publish(Envelope.revoked(List.of(revoked.userId())));
    }
}
