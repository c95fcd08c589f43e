package notes;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** The notes' "HTTP 헤더로 토큰 전달" configuration: one handler on /ws/chat behind the JWT interceptor. */
@Configuration
@EnableWebSocket
public class WebSocketConfig implements WebSocketConfigurer {

    private final ChatWebSocketHandler chatHandler;
    private final JwtProvider jwtProvider;

    public WebSocketConfig(ChatWebSocketHandler chatHandler, JwtProvider jwtProvider) {
        this.chatHandler = chatHandler;
        this.jwtProvider = jwtProvider;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry
                .addHandler(chatHandler, "/ws/chat")
                .addInterceptors(new AuthHandshakeInterceptor(jwtProvider)) // 인증용 인터셉터
                // As the notes write it: every origin may open a socket (cross-site WebSocket hijacking). Kept
                // verbatim because this is the yardstick of what the notes do, never a server to deploy; the
                // product allows its own origin only (chat.ws.allowed-origins, docs/security.md).
                .setAllowedOrigins("*");
    }
}
