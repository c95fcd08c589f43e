package io.chatplatform.ws.session;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.ServletWebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Maps a {@link SessionHandler} to every endpoint's {@code /ws/...} path behind the shutdown refusal, handshake
 * authentication and an origin check: same-origin pages plus {@code chat.ws.allowed-origins}, never every origin.
 * An upgrade request for exactly such a path reaches its handler through {@link DirectHandshakes}, ahead of the
 * servlet filters and the DispatcherServlet; any other request to these paths takes the long way through both.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    /** The binary message buffer: a binary frame is only counted, in parts of this size, then refused. */
    static final int BINARY_BUFFER_BYTES = 128;

    private final EndpointSupport support;
    private final FrameRouter router;
    private final Replies replies;
    private final HandshakeInterceptor authInterceptor;
    private final WsProperties properties;

    WebSocketConfig(EndpointSupport support, FrameRouter router, Replies replies,
            HandshakeInterceptor handshakeAuthInterceptor, WsProperties properties) {
        this.support = support;
        this.router = router;
        this.replies = replies;
        this.authInterceptor = handshakeAuthInterceptor;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        DefaultHandshakeHandler handshakes = new DefaultHandshakeHandler(new WithoutHandshakeHeaders());
        // Only chat.v1 can be selected, never a client's token subprotocol; a browser that offered subprotocols
        // fails the connection unless one of them is selected.
        handshakes.setSupportedProtocols(Subprotocols.PROTOCOL);
        if (registry instanceof ServletWebSocketHandlerRegistry servlet) {
            // Asked first: a handshake otherwise walks every REST mapping (and builds their no-match diagnosis)
            // before reaching its own; a REST path never matches a /ws/* endpoint, so nothing else changes.
            servlet.setOrder(Ordered.HIGHEST_PRECEDENCE);
        }
        HandshakeInterceptor shutdownRefusal = new ShutdownRefusal(support);
        for (Endpoint endpoint : Endpoint.values()) {
            registry.addHandler(new SessionHandler(endpoint, support, router, replies), endpoint.path())
                    .setHandshakeHandler(handshakes)
                    .addInterceptors(shutdownRefusal, authInterceptor)
                    .setAllowedOriginPatterns(origins);
        }
    }

    /**
     * Without {@code chat.ws.per-message-deflate}, the handshake's extension offer is hidden from the container,
     * which negotiates extensions from the raw request itself: no compression, and none of its per-connection
     * memory. The handshakes that take the long way through Spring Security and the DispatcherServlet (those
     * {@link DirectHandshakes} leaves alone) are counted here.
     */
    @Bean
    FilterRegistrationBean<Filter> webSocketExtensionsFilter(WsMetrics metrics) {
        Filter filter = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            chain.doFilter(requestView(http), response);
            Endpoint endpoint = DirectHandshakes.isUpgrade(http) ? Endpoint.at(http.getServletPath()) : null;
            if (endpoint != null) {
                metrics.handshake(endpoint, ((HttpServletResponse) response).getStatus());
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/ws/*");
        return registration;
    }

    @Bean
    DirectHandshakes directHandshakes(ListableBeanFactory beans, WsMetrics metrics) {
        return new DirectHandshakes(beans, this::requestView, metrics);
    }

    /** Ahead of every other filter, and only on the endpoints' paths: nothing else pays for it. */
    @Bean
    FilterRegistrationBean<DirectHandshakes> directHandshakesFilter(DirectHandshakes directHandshakes) {
        FilterRegistrationBean<DirectHandshakes> registration = new FilterRegistrationBean<>(directHandshakes);
        for (Endpoint endpoint : Endpoint.values()) {
            registration.addUrlPatterns(endpoint.path());
        }
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private HttpServletRequest requestView(HttpServletRequest request) {
        return properties.perMessageDeflate() ? request : new WithoutExtensionOffer(request);
    }

    private static final class WithoutExtensionOffer extends HttpServletRequestWrapper {

        private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        WithoutExtensionOffer(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !EXTENSIONS.equalsIgnoreCase(name)).toList());
        }
    }

    /**
     * Tomcat allocates both message buffers per session up front and keeps them for the session's life; handlers take
     * frames in parts and enforce max-frame-size. The text buffer holds chars, two bytes each, so it gets half the
     * configured bytes in chars. Binary frames are refused (after being counted, never kept), so theirs is tiny.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(textBufferChars(properties.readBufferSize().toBytes()));
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        return container;
    }

    static int textBufferChars(long readBufferBytes) {
        return (int) Math.max(64, readBufferBytes / 2);
    }
}
