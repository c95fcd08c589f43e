package io.chatplatform.ws.protocol;

import org.springframework.web.socket.CloseStatus;

/** Close codes of the client contract beyond the standard ones. */
public final class CloseCodes {

    /** Not authenticated in time, bad INIT token, or the token expired. */
    public static final int UNAUTHENTICATED = 4401;
    /** Authenticated, but not allowed (for example a REFRESH token of another user). */
    public static final int FORBIDDEN = 4403;

    private CloseCodes() {
    }

    public static CloseStatus unauthenticated(String reason) {
        return new CloseStatus(UNAUTHENTICATED, reason);
    }

    public static CloseStatus forbidden(String reason) {
        return new CloseStatus(FORBIDDEN, reason);
    }
}
