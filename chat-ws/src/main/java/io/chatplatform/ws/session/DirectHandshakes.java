package io.chatplatform.ws.session;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The short way in for a WebSocket handshake: a filter ahead of every other one that hands an upgrade request for
 * an endpoint straight to that endpoint's own Spring handler, the one {@link WebSocketConfig} registered (the same
 * interceptors: shutdown refusal, token check, origin check; the same handshake handler: subprotocol, upgrade).
 * It skips Spring Security's filter chain and the DispatcherServlet, which for such a request do nothing the
 * handler does not (the chain lets {@code /ws/**} through unauthenticated and adds headers meant for documents a
 * browser renders, which a 101 or an empty refusal is not) but cost about a fifth of a handshake's CPU: the firewall
 * and the header writers, an observation per filter, the handler lookup.
 *
 * <p>It takes only a GET with {@code Upgrade: websocket} whose request URI is exactly an endpoint's path (plus the
 * query): the one form the firewall has nothing to object to. Anything else (another method, no upgrade, a path
 * with parameters, encoded characters or doubled slashes) goes the long way as before, and meets the firewall,
 * the security headers and the problem answers.
 */
final class DirectHandshakes implements Filter, SmartInitializingSingleton {

    private static final String UPGRADE = "Upgrade";

    private final ListableBeanFactory beans;
    private final UnaryOperator<HttpServletRequest> requestView;
    private final WsMetrics metrics;
    /** Each endpoint's handler by its path; set once every singleton exists, before the server takes requests. */
    private volatile Map<String, Route> routes = Map.of();

    /**
     * @param requestView what the handler sees of the request (the extension offer hidden, as on the long way)
     */
    DirectHandshakes(ListableBeanFactory beans, UnaryOperator<HttpServletRequest> requestView, WsMetrics metrics) {
        this.beans = beans;
        this.requestView = requestView;
        this.metrics = metrics;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, Object> registered = new HashMap<>();
        beans.getBeansOfType(WebSocketHandlerMapping.class).values()
                .forEach(mapping -> registered.putAll(mapping.getUrlMap()));
        Map<String, Route> found = new HashMap<>();
        for (Endpoint endpoint : Endpoint.values()) {
            if (!(registered.get(endpoint.path()) instanceof WebSocketHttpRequestHandler handler)) {
                throw new IllegalStateException("no WebSocket handler registered for " + endpoint.path());
            }
            found.put(endpoint.path(), new Route(endpoint, handler));
        }
        routes = Map.copyOf(found);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = isUpgrade(http) ? pathWithinContext(http) : null;
        Route route = path == null ? null : routes.get(path);
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        try {
            route.handler().handleRequest(requestView.apply(http), httpResponse);
        } finally {
            metrics.handshake(route.endpoint(), httpResponse.getStatus());
        }
    }

    static boolean isUpgrade(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "websocket".equalsIgnoreCase(request.getHeader(UPGRADE));
    }

    /** The raw request URI without the context path: not decoded, path parameters kept, so only exact paths match. */
    private static String pathWithinContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context.isEmpty() ? uri : uri.startsWith(context) ? uri.substring(context.length()) : null;
    }

    private record Route(Endpoint endpoint, HttpRequestHandler handler) {
    }
}
