package io.chatplatform.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void readsTheStatusAndARetryAfterInSeconds() {
        byte[] head = "HTTP/1.1 503 \r\nretry-after: 1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int end = Handshake.endOfHeaders(head, head.length);

        assertThat(Handshake.status(head, head.length)).isEqualTo(503);
        assertThat(Handshake.retryAfter(head, end)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aMissingOrDatedRetryAfterCountsAsAbsent() {
        byte[] none = "HTTP/1.1 401 \r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] dated = "HTTP/1.1 503 \r\nRetry-After: Wed, 21 Oct 2026 07:28:00 GMT\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(Handshake.retryAfter(none, none.length)).isNull();
        assertThat(Handshake.retryAfter(dated, dated.length)).isNull();
    }
}
