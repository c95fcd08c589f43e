package io.chatplatform.ws.session;

import java.util.function.Consumer;
import org.springframework.web.socket.WebSocketSession;

/** Gives each new session the {@link Outbox} its frames leave through; the delivery engine provides it. */
public interface Outboxes {

    /**
     * @param onFailure told, on the writer's thread, when a write fails: it stalled past the write stall limit or
     *                  the connection is gone
     */
    Outbox open(WebSocketSession socket, Endpoint endpoint, Consumer<Throwable> onFailure);
}
