package io.chatplatform.ws.session;

import io.chatplatform.domain.user.Role;
import java.time.Instant;

/** What the server knows about one open, authenticated session. */
public record ClientInfo(String sessionId, Endpoint endpoint, String userId, Role role, String device,
        Instant connectedAt, Instant tokenExpiresAt) {
}
