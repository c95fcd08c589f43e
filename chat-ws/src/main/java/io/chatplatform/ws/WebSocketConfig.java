package io.chatplatform.ws;

import io.chatplatform.ws.session.EndpointHandler;
import io.chatplatform.ws.session.WsProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Maps every endpoint handler to its {@code /ws/...} path behind handshake authentication and an origin check:
 * same-origin pages plus {@code chat.ws.allowed-origins}, never every origin.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final List<EndpointHandler> handlers;
    private final HandshakeInterceptor authInterceptor;
    private final WsProperties properties;

    WebSocketConfig(List<EndpointHandler> handlers, HandshakeInterceptor handshakeAuthInterceptor,
            WsProperties properties) {
        this.handlers = handlers;
        this.authInterceptor = handshakeAuthInterceptor;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        for (EndpointHandler handler : handlers) {
            registry.addHandler(handler, handler.endpoint().path())
                    .addInterceptors(authInterceptor)
                    .setAllowedOriginPatterns(origins);
        }
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int maxFrame = (int) properties.maxFrameSize().toBytes();
        container.setMaxTextMessageBufferSize(maxFrame);
        container.setMaxBinaryMessageBufferSize(maxFrame);
        container.setAsyncSendTimeout(properties.sendTimeLimit().toMillis());
        return container;
    }
}
