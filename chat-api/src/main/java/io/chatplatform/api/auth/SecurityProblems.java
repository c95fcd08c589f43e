package io.chatplatform.api.auth;

import io.chatplatform.api.web.Problems;
import io.chatplatform.domain.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The security filter chain's refusals in the REST error contract: {@code application/problem+json} with the
 * stable {@code code} (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST), and {@code WWW-Authenticate: Bearer} on 401 (with
 * RFC 6750's {@code error} when a token was presented but refused).
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String MISSING_TOKEN = "missing bearer token";

    private final Problems problems;

    SecurityProblems(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof OAuth2AuthenticationException refused) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"" + refused.getError().getErrorCode() + "\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, e.getMessage());
        } else {
            // No token at all (or another scheme): the anonymous caller reached a protected path.
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, MISSING_TOKEN);
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(request, response, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "access denied");
    }

    /** The firewall's refusals (a path with "..", an encoded "." or NUL...): say nothing of why. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        problems.write(request, response, HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "request rejected");
    }
}
