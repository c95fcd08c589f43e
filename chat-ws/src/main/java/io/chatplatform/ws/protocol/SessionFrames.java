package io.chatplatform.ws.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.common.ErrorCode;
import java.time.Instant;

/** Frames every endpoint speaks: authentication, errors and keep-alive. */
public final class SessionFrames {

    private SessionFrames() {
    }

    /** The session is authenticated and ready. */
    @JsonTypeName("READY")
    public record Ready(String userId, String sessionId, Instant expiresAt) implements ServerFrame {
    }

    /**
     * A frame was refused; {@code ref} names the frame it answers (its clientMsgId, else its type). {@code
     * retryAfterMs}, only on RATE_LIMITED, says when to send that frame again.
     */
    @JsonTypeName("ERROR")
    public record Error(ErrorCode code, String message, String ref, Long retryAfterMs) implements ServerFrame {

        public Error(ErrorCode code, String message, String ref) {
            this(code, message, ref, null);
        }
    }

    /** Answer to PING. */
    @JsonTypeName("PONG")
    public record Pong() implements ServerFrame {
    }

    /** A REFRESH was accepted: the socket now lives until the new token expires. */
    @JsonTypeName("REFRESHED")
    public record Refreshed(Instant expiresAt) implements ServerFrame {
    }
}
