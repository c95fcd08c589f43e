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
     * A frame was refused; {@code ref} names the frame it answers (its clientMsgId, else its type) and {@code roomId}
     * its room, when it named one ({@link FrameRef}). {@code retryAfterMs}, on RATE_LIMITED and UNAVAILABLE, says
     * when to send that frame again.
     */
    @JsonTypeName("ERROR")
    public record Error(ErrorCode code, String message, String ref, Long roomId, Long retryAfterMs)
            implements ServerFrame {

        public Error(ErrorCode code, String message, String ref) {
            this(code, message, ref, null, null);
        }

        public Error(ErrorCode code, String message, FrameRef ref) {
            this(code, message, ref, null);
        }

        public Error(ErrorCode code, String message, FrameRef ref, Long retryAfterMs) {
            this(code, message, ref.ref(), ref.roomId(), retryAfterMs);
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
