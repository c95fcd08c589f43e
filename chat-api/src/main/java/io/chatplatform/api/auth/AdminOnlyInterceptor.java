package io.chatplatform.api.auth;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses {@link AdminOnly} handlers to callers without the platform ADMIN role (answered as problem+json 403). */
class AdminOnlyInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && (method.hasMethodAnnotation(AdminOnly.class)
                || method.getBeanType().isAnnotationPresent(AdminOnly.class))) {
            Object actor = request.getAttribute(BearerTokenFilter.ACTOR_ATTRIBUTE);
            if (!(actor instanceof Actor caller) || !caller.isPlatformAdmin()) {
                throw DomainException.forbidden("only a platform ADMIN may do that");
            }
        }
        return true;
    }
}
