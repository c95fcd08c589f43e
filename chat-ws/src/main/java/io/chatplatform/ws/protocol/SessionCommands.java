package io.chatplatform.ws.protocol;

import java.util.List;

/** The frames clients send on every endpoint: authentication and keep-alive. The session handles them itself. */
public final class SessionCommands {

    private SessionCommands() {
    }

    /** Every session frame type, which no feature may take over. */
    public static List<FrameType<?>> types() {
        return List.of(Init.TYPE, Ping.TYPE, Refresh.TYPE);
    }

    /** Authenticates a pending session; a missing token is refused as an invalid one. */
    public record Init(String token, String device) {
        public static final FrameType<Init> TYPE = new FrameType<>("INIT", Init.class,
                frame -> new Init(frame.optionalString("token"), frame.optionalString("device")));
    }

    public record Ping() {
        public static final FrameType<Ping> TYPE = new FrameType<>("PING", Ping.class, frame -> new Ping());
    }

    /** Extends the session with a new token of the same user. */
    public record Refresh(String token) {
        public static final FrameType<Refresh> TYPE = new FrameType<>("REFRESH", Refresh.class,
                frame -> new Refresh(frame.requiredString("token")));
    }
}
