package io.chatplatform.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ContentSecurityPolicyWriterTest {

    private final ContentSecurityPolicyWriter writer = new ContentSecurityPolicyWriter();

    @Test
    void namesTheRequestedHostForTheSocketOfTheUi() {
        assertThat(policyFor("chat.example.com")).endsWith(
                "connect-src 'self' ws://chat.example.com wss://chat.example.com");
        assertThat(policyFor("localhost:8080")).endsWith("connect-src 'self' ws://localhost:8080 wss://localhost:8080");
        assertThat(policyFor("[::1]:8080")).endsWith("connect-src 'self' ws://[::1]:8080 wss://[::1]:8080");
    }

    @Test
    void neverCopiesAHostThatCouldAddSourcesOrDirectives() {
        // Tomcat refuses such Host headers today; the policy must not depend on that.
        for (String host : new String[] {"evil.example; script-src *", "a b", "a,b", "*", "a'b", "x:80 https:"}) {
            assertThat(policyFor(host)).as(host).endsWith("connect-src 'self'").doesNotContain(host);
        }
        assertThat(policyFor(null)).endsWith("connect-src 'self'");
    }

    @Test
    void keepsAPolicyAlreadySetByTheHandler() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader(ContentSecurityPolicyWriter.HEADER, "sandbox");

        writer.writeHeaders(new MockHttpServletRequest(), response);

        assertThat(response.getHeader(ContentSecurityPolicyWriter.HEADER)).isEqualTo("sandbox");
    }

    private String policyFor(String host) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (host != null) {
            request.addHeader("Host", host);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        writer.writeHeaders(request, response);
        return response.getHeader(ContentSecurityPolicyWriter.HEADER);
    }
}
