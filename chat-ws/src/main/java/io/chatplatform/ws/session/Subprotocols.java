package io.chatplatform.ws.session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * The WebSocket subprotocols of a handshake ({@code Sec-WebSocket-Protocol}). A browser cannot set an
 * Authorization header on a WebSocket, but it can offer subprotocols, so it offers two: {@value #PROTOCOL}, which
 * the server selects, and its token as {@value #TOKEN_PREFIX}{@code <base64url(jwt), unpadded>}, which the server
 * reads and never selects. This is the convention of the Kubernetes API server
 * ({@code base64url.bearer.authorization.k8s.io.<token>}), with this server's own name.
 *
 * <p>A browser fails the connection when it offered subprotocols and the answer selects none (the WHATWG WebSocket
 * standard, stricter than RFC 6455 there), and an answer may select only an offered one (RFC 6455 §4.1): hence
 * {@value #PROTOCOL} must be offered beside the token.
 */
public final class Subprotocols {

    /** The protocol the server selects: version 1 of the frames in docs/protocol.md, on every endpoint. */
    public static final String PROTOCOL = "chat.v1";
    /** What precedes the base64url-encoded token in the subprotocol that carries it. */
    static final String TOKEN_PREFIX = "base64url.bearer.authorization.chatplatform.io.";
    private static final String HEADER = "Sec-WebSocket-Protocol";

    private Subprotocols() {
    }

    /**
     * The token a handshake offers as a subprotocol.
     *
     * @return the token, or null when none is offered
     * @throws BadTokenProtocol when the offer cannot be used: more than one token, a token that is not unpadded
     *                          base64url of UTF-8, or a token without {@value #PROTOCOL} offered beside it
     */
    static String offeredToken(HttpHeaders headers) {
        List<String> offered = offered(headers);
        String encoded = null;
        for (String protocol : offered) {
            if (protocol.startsWith(TOKEN_PREFIX)) {
                if (encoded != null) {
                    throw new BadTokenProtocol(true, "more than one token subprotocol");
                }
                encoded = protocol.substring(TOKEN_PREFIX.length());
            }
        }
        if (encoded == null) {
            return null;
        }
        if (offered.stream().noneMatch(PROTOCOL::equalsIgnoreCase)) {
            throw new BadTokenProtocol(false, "offer " + PROTOCOL + " beside the token");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new BadTokenProtocol(true, "token subprotocol is not base64url of UTF-8");
        }
    }

    /** Every offered subprotocol, in the client's order; the header may be repeated and holds a list each time. */
    private static List<String> offered(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(HEADER)) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.strip());
                }
            }
        }
        return protocols;
    }

    /** A token subprotocol that cannot be used. Its message never contains the token. */
    static final class BadTokenProtocol extends RuntimeException {

        private final boolean unauthorized;

        /** @param unauthorized whether the offer is a bad credential (HTTP 401), not a malformed request (400) */
        BadTokenProtocol(boolean unauthorized, String message) {
            super(message, null, false, false);
            this.unauthorized = unauthorized;
        }

        boolean unauthorized() {
            return unauthorized;
        }
    }
}
