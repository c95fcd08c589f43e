package io.chatplatform.api.auth;

import io.chatplatform.domain.common.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses {@link AdminOnly} handlers to callers without the platform ADMIN role (answered as problem+json 403).
 * An interceptor rather than method security: it runs once the handler is known but before its arguments are
 * read, so a non-admin never learns how the body would have been validated.
 */
class AdminOnlyInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && (method.hasMethodAnnotation(AdminOnly.class)
                || method.getBeanType().isAnnotationPresent(AdminOnly.class))) {
            // The security chain's request wrapper answers from the caller's authorities (ROLE_ADMIN).
            if (!request.isUserInRole("ADMIN")) {
                throw DomainException.forbidden("only a platform ADMIN may do that");
            }
        }
        return true;
    }
}
