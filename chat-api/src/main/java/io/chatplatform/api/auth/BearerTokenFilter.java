package io.chatplatform.api.auth;

import io.chatplatform.api.web.Problems;
import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Every {@code /api} call but the auth ones needs {@code Authorization: Bearer <jwt>}; without a valid one the
 * answer is 401 with a problem body, before any controller runs.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    static final String ACTOR_ATTRIBUTE = "chat.actor";
    private static final String BEARER = "Bearer ";

    private final Authenticator tokens;
    private final Problems problems;

    BearerTokenFilter(Authenticator tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    /** Decoded and without {@code ;params}, as Spring MVC sees it when it picks a controller. */
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = PATHS.getPathWithinApplication(request);
        return !path.startsWith("/api/") || path.startsWith("/api/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(request, response, "missing bearer token");
            return;
        }
        try {
            request.setAttribute(ACTOR_ATTRIBUTE, tokens.authenticate(header.substring(BEARER.length()).strip()).actor());
        } catch (InvalidTokenException e) {
            reject(request, response, e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, detail);
    }
}
