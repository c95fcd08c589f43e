package io.chatplatform.api.auth;

import io.chatplatform.api.web.Problems;
import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.user.Actor;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the bearer-token check in front of {@code /api/*}, hands controllers the caller as an {@link Actor}, and
 * keeps non-admins out of {@link AdminOnly} handlers.
 */
@Configuration(proxyBeanMethods = false)
class AuthWebConfig implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(Authenticator tokens, Problems problems) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(tokens, problems));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminOnlyInterceptor()).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Actor.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                    NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
                Object actor = webRequest.getAttribute(BearerTokenFilter.ACTOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (actor == null) {
                    throw new IllegalStateException("no authenticated caller: is the path outside /api/?");
                }
                return actor;
            }
        });
    }
}
