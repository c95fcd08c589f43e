package io.chatplatform.ws.session;

/** The WebSocket endpoints; each keeps its own sessions in the registry. */
public enum Endpoint {
    CHAT("/ws/chat"),
    NOTIFY("/ws/notify"),
    CROWD("/ws/crowd/location");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The endpoint at exactly {@code path}, or null. */
    static Endpoint at(String path) {
        for (Endpoint endpoint : values()) {
            if (endpoint.path.equals(path)) {
                return endpoint;
            }
        }
        return null;
    }
}
