package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.common.Unavailable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Authenticates a handshake that carries a token ({@code Authorization: Bearer} header, the token subprotocol of
 * {@link Subprotocols}, or the {@code access_token} query parameter, in this order). A bad token is refused with
 * HTTP 401 before the upgrade; a handshake without any token is let through as a pending session that must send
 * INIT. Either way it notes the client's address, by which pending sockets are counted.
 */
@Component
class HandshakeAuthInterceptor implements HandshakeInterceptor {

    static final String TOKEN_ATTRIBUTE = "chat.verifiedToken";
    static final String DEVICE_ATTRIBUTE = "chat.device";
    static final String CLIENT_ADDRESS_ATTRIBUTE = "chat.clientAddress";
    private static final String BEARER = "Bearer ";
    private static final int MAX_DEVICE_LENGTH = 64;

    private final Authenticator tokens;

    HandshakeAuthInterceptor(Authenticator tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
            WebSocketHandler wsHandler, Map<String, Object> attributes) {
        if (request instanceof ServletServerHttpRequest servlet) {
            // Behind a trusted proxy, Tomcat's RemoteIpValve has already put the forwarded client address here.
            attributes.put(CLIENT_ADDRESS_ATTRIBUTE, servlet.getServletRequest().getRemoteAddr());
        }
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String device = decoded(query.getFirst("device"));
        if (device != null) {
            attributes.put(DEVICE_ATTRIBUTE, device.length() > MAX_DEVICE_LENGTH
                    ? device.substring(0, MAX_DEVICE_LENGTH) : device);
        }
        String token;
        try {
            token = bearerToken(request.getHeaders());
            if (token == null) {
                token = Subprotocols.offeredToken(request.getHeaders());
            }
        } catch (Subprotocols.BadTokenProtocol e) {
            response.setStatusCode(e.unauthorized() ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
            return false;
        }
        if (token == null) {
            token = decoded(query.getFirst("access_token"));
        }
        if (token == null) {
            return true;
        }
        try {
            VerifiedToken verified = tokens.authenticate(token);
            attributes.put(TOKEN_ATTRIBUTE, verified);
            return true;
        } catch (InvalidTokenException e) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        } catch (Unavailable e) {
            // The token's revocation could not be checked (the database is away): try again, as after a 503 anywhere.
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            return false;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Exception exception) {
    }

    private static String bearerToken(HttpHeaders headers) {
        String header = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }

    private static String decoded(String raw) {
        return raw == null || raw.isBlank() ? null : UriUtils.decode(raw, StandardCharsets.UTF_8);
    }
}
