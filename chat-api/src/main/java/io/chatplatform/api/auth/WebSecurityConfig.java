package io.chatplatform.api.auth;

import io.chatplatform.api.web.Problems;
import io.chatplatform.domain.auth.Authenticator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;

/**
 * The security filter chains. {@code /api/**} but the account calls needs {@code Authorization: Bearer <jwt>},
 * checked by Spring Security's bearer-token filter against the domain's Authenticator; everything else (web UI,
 * actuator, API docs, the WebSocket handshakes, which authenticate themselves by header, query or INIT) passes
 * through. Every response gets the security headers. No sessions, no login forms, no basic auth.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfig {

    /**
     * Every response's security headers, on the chains and on error pages alike: Spring Security's defaults
     * (X-Content-Type-Options nosniff, X-XSS-Protection 0, no-store Cache-Control, HSTS on HTTPS requests,
     * X-Frame-Options DENY) plus Referrer-Policy no-referrer and the UI's Content-Security-Policy.
     */
    private static final List<HeaderWriter> SECURITY_HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
            new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER), new ContentSecurityPolicyWriter());

    /** Register and log in: public, and a stale token sent along is not even looked at. */
    @Bean
    @Order(1)
    SecurityFilterChain accountChain(HttpSecurity http, Problems problems) throws Exception {
        return common(http.securityMatcher("/api/auth/**"), new SecurityProblems(problems))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, Authenticator authenticator, Problems problems) throws Exception {
        SecurityProblems refusals = new SecurityProblems(problems);
        ProviderManager tokens = new ProviderManager(new TokenAuthenticationProvider(authenticator));
        return common(http.securityMatcher("/api/**"), refusals)
                .addFilterBefore(new DatabaseOutageFilter(problems), BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(bearer -> bearer
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .build();
    }

    /**
     * The rest is public here: the UI's files, actuator, API docs, and {@code /ws/**}, whose handshakes chat-ws
     * authenticates (token in the header or query, or an INIT frame) after checking the Origin.
     */
    @Bean
    @Order(3)
    SecurityFilterChain publicChain(HttpSecurity http, Problems problems) throws Exception {
        return common(http, new SecurityProblems(problems))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    private static HttpSecurity common(HttpSecurity http, SecurityProblems refusals) throws Exception {
        return http
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // CSRF protection is for credentials a browser attaches by itself (cookies, basic auth, client
                // certificates). This server has none: every call carries its bearer token explicitly, and a
                // page of another site can neither read that token nor make the browser add it. The WebSocket
                // handshakes are guarded by their Origin check in chat-ws.
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .headers(headers -> {
                    headers.defaultsDisabled();
                    SECURITY_HEADERS.forEach(headers::addHeaderWriter);
                });
    }

    /**
     * Spring Security's strict firewall, except for what opaque user ids need in paths such as
     * {@code /api/rooms/1/members/{userId}}: encoded '/' and '\' (see WebServerConfig), '%' and ';' characters, and
     * the line breaks an id may hold (CR, LF, U+2028, U+2029; ids refuse only NUL and unpaired surrogates). Letting
     * those through is safe here because the chains match paths with the same parser Spring MVC uses to pick a
     * controller (path parameters stripped, %2F and %5C kept inside their segment), so a path cannot look like one
     * thing to the chain and another to the controller. A literal "//" stays refused: Tomcat merges it before MVC
     * sees it; so does a literal '\', which Tomcat refuses. The ids "." and ".." cannot be path segments at all
     * (clients and Tomcat remove dot-segments, RFC 3986 §5.2.4).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        strict.setAllowUrlEncodedSlash(true);
        strict.setAllowUrlEncodedDoubleSlash(true);
        strict.setAllowUrlEncodedPercent(true);
        strict.setAllowSemicolon(true);
        strict.setAllowBackSlash(true);
        strict.setAllowUrlEncodedCarriageReturn(true);
        strict.setAllowUrlEncodedLineFeed(true);
        strict.setAllowUrlEncodedLineSeparator(true);
        strict.setAllowUrlEncodedParagraphSeparator(true);
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                // The strict firewall allows encoded and literal double slashes together or not at all.
                if (request.getRequestURI().contains("//")) {
                    throw new RequestRejectedException("the URL contains \"//\"");
                }
                return strict.getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }

    /**
     * The same headers on error pages. Spring Security's header filter writes them when a request passes the chains,
     * but skips error dispatches; a request Tomcat refuses itself (a path under {@code META-INF}, {@code TRACE})
     * reaches only the error page, which then went out without them. This runs on error dispatches alone; a writer
     * leaves a header that the request's own pass already wrote.
     */
    @Bean
    FilterRegistrationBean<HeaderWriterFilter> errorPageHeaders() {
        HeaderWriterFilter headers = new HeaderWriterFilter(SECURITY_HEADERS) {
            @Override
            protected boolean shouldNotFilterErrorDispatch() {
                return false;
            }
        };
        FilterRegistrationBean<HeaderWriterFilter> registration = new FilterRegistrationBean<>(headers);
        registration.setDispatcherTypes(DispatcherType.ERROR);
        return registration;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return new SecurityProblems(problems);
    }
}
