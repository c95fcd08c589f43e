package io.chatplatform.ws.delivery;

import io.chatplatform.domain.user.AccountDeleted;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** A deleted account's sockets are closed (4403) on every endpoint and node once the deletion is committed. */
@Component
class AccountSessions {

    private final Broadcaster broadcaster;

    AccountSessions(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener
    void on(AccountDeleted deleted) {
        broadcaster.disconnect(List.of(deleted.userId()), "account deleted");
    }
}
