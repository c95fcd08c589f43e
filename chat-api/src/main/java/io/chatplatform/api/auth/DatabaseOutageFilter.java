package io.chatplatform.api.auth;

import io.chatplatform.api.web.Problems;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.common.Unavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database outage met inside the security chain, before any controller (the token's revocation check asks the
 * database once the node's copy of the revocations is too old): answered like one met in a controller, 503
 * problem+json with {@code Retry-After}, instead of escaping to the container as a 500 with two stack traces in
 * the log for every call.
 */
final class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Problems problems;

    DatabaseOutageFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException failure) {
            Optional<Unavailable> outage = Unavailable.of(failure, RETRY_AFTER);
            if (outage.isEmpty() || response.isCommitted()) {
                throw failure;
            }
            log.warn("Answered 503: {}", outage.get().getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(outage.get().retryAfterSeconds()));
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE,
                    outage.get().getMessage());
        }
    }
}
