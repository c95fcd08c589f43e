package io.chatplatform.ws.session;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Upgrades like Spring's standard strategy, except that the session does not keep a copy of the handshake's
 * request headers for its whole life: nothing here reads them after the handshake (authentication and the origin
 * check are done by then), and for a browser, with its cookies and user agent, the copy is kilobytes per idle
 * connection.
 */
public final class WithoutHandshakeHeaders extends StandardWebSocketUpgradeStrategy {

    @Override
    public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String selectedProtocol,
            List<WebSocketExtension> selectedExtensions, Principal user, WebSocketHandler handler,
            Map<String, Object> attributes) {
        super.upgrade(new HeadersNotKept(getHttpServletRequest(request)), response, selectedProtocol,
                selectedExtensions, user, handler, attributes);
    }

    private static final class HeadersNotKept extends ServletServerHttpRequest {

        HeadersNotKept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpHeaders getHeaders() {
            return HttpHeaders.EMPTY;
        }
    }
}
