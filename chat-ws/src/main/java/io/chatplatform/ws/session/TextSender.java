package io.chatplatform.ws.session;

import jakarta.websocket.SendHandler;
import java.io.IOException;

/**
 * Starts sending one text frame without blocking and reports completion to {@code done}; at most one send is in
 * flight per session. Tomcat's {@code RemoteEndpoint.Async} provides both operations.
 */
public interface TextSender {

    void sendText(String text, SendHandler done);

    /** Sends a WebSocket ping; only called while no text send is in flight. */
    void sendPing() throws IOException;
}
