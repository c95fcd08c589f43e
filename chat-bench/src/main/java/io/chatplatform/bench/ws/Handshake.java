package io.chatplatform.bench.ws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade request and the parts of the answer a client needs. */
final class Handshake {

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};
    private static final String RETRY_AFTER = "Retry-After:";

    private Handshake() {
    }

    static byte[] request(String hostHeader, String pathAndQuery, List<String> extraHeaders) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder(256)
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return the index just past the blank line that ends the headers, or -1 when it has not arrived yet */
    static int endOfHeaders(byte[] bytes, int length) {
        outer:
        for (int i = 0; i + END_OF_HEADERS.length <= length; i++) {
            for (int j = 0; j < END_OF_HEADERS.length; j++) {
                if (bytes[i + j] != END_OF_HEADERS[j]) {
                    continue outer;
                }
            }
            return i + END_OF_HEADERS.length;
        }
        return -1;
    }

    /**
     * The {@code Retry-After} of a response head, when given in seconds (the form this server uses; an HTTP date
     * counts as absent).
     *
     * @param end where the head ends in {@code bytes}
     */
    static Duration retryAfter(byte[] bytes, int end) {
        String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, RETRY_AFTER, 0, RETRY_AFTER.length())) {
                try {
                    long seconds = Long.parseLong(line.substring(RETRY_AFTER.length()).strip());
                    return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The status code of a response's first line ({@code HTTP/1.1 101 ...}), or -1 if it is not HTTP. */
    static int status(byte[] bytes, int length) {
        String head = new String(bytes, 0, Math.min(length, 64), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            return -1;
        }
        try {
            return Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
