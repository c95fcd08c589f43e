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
                .setAllowedOrigins("*");
    }
}
