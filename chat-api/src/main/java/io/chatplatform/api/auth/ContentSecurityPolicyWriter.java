package io.chatplatform.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The Content-Security-Policy of every response. The web UI loads its scripts (ES modules) and styles from this
 * origin only, with no inline script or style, and its icon as a {@code data:} URL; so nothing else may run or
 * load, and no page may frame it. Its socket goes to {@code ws(s)://} the page's own host: CSP Level 3 counts that
 * as {@code 'self'}, older browsers do not, so the host the request was addressed to is named as well.
 */
final class ContentSecurityPolicyWriter implements HeaderWriter {

    static final String HEADER = "Content-Security-Policy";

    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; connect-src 'self'";

    /**
     * A host name, IPv4 or bracketed IPv6 address with an optional port: anything else (the Host header is the
     * client's to write) is left out of the policy rather than copied into it.
     */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::\\d{1,5})?");

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (response.containsHeader(HEADER)) {
            return;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        response.setHeader(HEADER, host != null && HOST.matcher(host).matches()
                ? POLICY + " ws://" + host + " wss://" + host
                : POLICY);
    }
}
