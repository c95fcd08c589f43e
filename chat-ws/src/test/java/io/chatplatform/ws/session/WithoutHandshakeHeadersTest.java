package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class WithoutHandshakeHeadersTest {

    /**
     * Tomcat's upgrade checks headers by name and then copies every listed header, parameter and the query into the
     * handshake request the connection keeps: the checks must still see them, the copy must find nothing, and the
     * token of {@code ?access_token=} must not be kept.
     */
    @Test
    void theContainerCanCheckTheHandshakeButCopiesNothing() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws/chat");
        request.addHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        request.addHeader("Connection", "Upgrade");
        request.addHeader("User-Agent", "a browser with a long user agent");
        request.setQueryString("access_token=secret&device=phone");
        request.addParameter("access_token", "secret");
        request.addParameter("device", "phone");

        WithoutHandshakeHeaders.NothingToCopy seen = new WithoutHandshakeHeaders.NothingToCopy(request);

        assertThat(seen.getHeader("Sec-WebSocket-Key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(Collections.list(seen.getHeaders("Connection"))).containsExactly("Upgrade");
        assertThat(seen.getRequestURI()).isEqualTo("/ws/chat");
        assertThat(Collections.list(seen.getHeaderNames())).isEmpty();
        assertThat(seen.getParameterMap()).isEmpty();
        assertThat(seen.getQueryString()).isNull();
        assertThat(seen.getUserPrincipal()).isNull();
    }
}
