package io.chatplatform.ws.session;

import jakarta.websocket.SendHandler;

/**
 * Starts sending one text frame without blocking and reports completion to {@code done}; at most one send is in
 * flight per session. Tomcat's {@code RemoteEndpoint.Async#sendText(String, SendHandler)} is one.
 */
@FunctionalInterface
public interface TextSender {

    void sendText(String text, SendHandler done);
}
