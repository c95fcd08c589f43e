package io.chatplatform.ws.session;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses handshakes once the node stops, with HTTP 503 and {@code Retry-After}, before any token is checked. A
 * client dropped with 1001 reconnects within a second; let in, it would sit READY on a node that is about to
 * vanish and that no longer answers SENDs, and be dropped a second time. Refused, a load balancer sends it to
 * another node, or it backs off until the restarted node listens. A refusal is cheaper than a socket opened
 * only to be closed, and only a client that could not tell the two apart would prefer the latter: browsers report
 * both as a close, and every client reconnects with backoff either way.
 */
final class ShutdownRefusal implements HandshakeInterceptor {

    /** Long enough for the old process to be gone, short enough not to idle once a new one listens. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final EndpointSupport support;

    ShutdownRefusal(EndpointSupport support) {
        this.support = support;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
            WebSocketHandler wsHandler, Map<String, Object> attributes) {
        if (!support.isStopping()) {
            return true;
        }
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Exception exception) {
    }
}
