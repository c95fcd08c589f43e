package testidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Authorization Server on a random port, in a Spring context of its own with explicit configuration (only
 * Tomcat and the DispatcherServlet are auto-configured), handing out access
 * tokens with the client_credentials grant. Its clients:
 * <ul>
 * <li>{@code chat-web}: RS256, {@code aud} = {@value #AUDIENCE}, {@code name}, and a {@code role: ADMIN} claim no
 * operator mapped (the contract's claim name, which must mean nothing coming from here);</li>
 * <li>{@code chat-ops}: RS256, {@code aud} = {@value #AUDIENCE}, {@code chat_roles: ["chat-admin"]};</li>
 * <li>{@code chat-ec}: ES256, {@code aud} = {@value #AUDIENCE};</li>
 * <li>{@code other-app}: RS256, {@code aud} = its own client id, as the server does by default.</li>
 * </ul>
 * {@link #rotateKey()} makes a new RSA key the signing key, still publishing the old one.
 */
public final class TestAuthorizationServer implements AutoCloseable {

    public static final String AUDIENCE = "chat-platform";
    public static final List<String> CLIENTS = List.of("chat-web", "chat-ops", "chat-ec", "other-app",
            "chat-future");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Keys keys;
    private final ConfigurableApplicationContext context;
    private final int port;

    private TestAuthorizationServer(Keys keys, ConfigurableApplicationContext context) {
        this.keys = keys;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static TestAuthorizationServer start() {
        Keys keys = new Keys();
        SpringApplication application = new SpringApplication(Server.class);
        // One logging setup per JVM: the chat server's test contexts own it.
        List<org.springframework.context.ApplicationListener<?>> listeners = new ArrayList<>(application.getListeners());
        listeners.removeIf(LoggingApplicationListener.class::isInstance);
        application.setListeners(listeners);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("keys", keys));
        application.setDefaultProperties(java.util.Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                // not the chat server's application.yml, which is on the same class path
                "spring.config.name", "test-authorization-server",
                "spring.main.banner-mode", "off"));
        return new TestAuthorizationServer(keys, application.run());
    }

    /** The {@code iss} of its tokens: derived by the server from the URL its token endpoint was called on. */
    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    public URI jwkSetUri() {
        return URI.create(issuer() + "/oauth2/jwks");
    }

    /** How often its JWK set was fetched. */
    public int jwkSetRequests() {
        return keys.jwkSetRequests.get();
    }

    /** The key id its RS256 tokens are signed with now. */
    public String currentKeyId() {
        return keys.signing.get().getKeyID();
    }

    /** A new RSA key signs from now on; the old one stays in the JWK set, as in an orderly rotation. */
    public void rotateKey() {
        keys.rotate();
    }

    /** An access token for {@code clientId}, obtained over HTTP with the client_credentials grant. */
    public String token(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secretOf(clientId)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=chat"))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Spring Authorization Server wants every client's secret to be its own. */
    private static String secretOf(String clientId) {
        return clientId + "-secret";
    }

    @Override
    public void close() {
        context.close();
    }

    /** The server's keys: what it signs with and what its JWK set publishes. */
    static final class Keys {

        final AtomicReference<RSAKey> signing = new AtomicReference<>(rsa());
        final ECKey ec = ec();
        final AtomicReference<List<JWK>> published = new AtomicReference<>(List.of(signing.get(), ec));
        final AtomicInteger jwkSetRequests = new AtomicInteger();

        void rotate() {
            RSAKey next = rsa();
            List<JWK> keys = new ArrayList<>(published.get());
            keys.add(0, next);
            published.set(List.copyOf(keys));
            signing.set(next);
        }

        JWKSource<SecurityContext> source() {
            return (selector, context) -> selector.select(new JWKSet(published.get()));
        }

        private static RSAKey rsa() {
            try {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private static ECKey ec() {
            try {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString())
                        .generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class})
    static class Server {

        /** Puts the security filter chain in front of Tomcat, as Boot's security auto-configuration would. */
        @Bean
        DelegatingFilterProxyRegistrationBean securityFilterChainRegistration() {
            return new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        }

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            return http.oauth2AuthorizationServer(Customizer.withDefaults())
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .build();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(CLIENTS.stream().map(id -> RegisteredClient
                    .withId(id)
                    .clientId(id)
                    .clientSecret("{noop}" + secretOf(id))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scope("chat")
                    .build()).toList());
        }

        @Bean
        JWKSource<SecurityContext> jwkSource(Keys keys) {
            return keys.source();
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claims(Keys keys) {
            return context -> {
                String client = context.getRegisteredClient().getClientId();
                if (client.equals("chat-ec")) {
                    context.getJwsHeader().algorithm(SignatureAlgorithm.ES256).keyId(keys.ec.getKeyID());
                } else {
                    context.getJwsHeader().keyId(keys.signing.get().getKeyID());
                }
                if (!client.equals("other-app")) {
                    context.getClaims().audience(List.of(AUDIENCE));
                }
                switch (client) {
                    case "chat-web" -> context.getClaims().claim("name", "Web client").claim("role", "ADMIN");
                    case "chat-ops" -> context.getClaims().claim("chat_roles", List.of("chat-admin"));
                    // a clock ahead, or a token meant to outlive a revocation
                    case "chat-future" -> context.getClaims().issuedAt(Instant.now().plus(Duration.ofMinutes(30)))
                            .expiresAt(Instant.now().plus(Duration.ofHours(2)));
                    default -> {
                    }
                }
            };
        }

        /** Counts the fetches of the JWK set, to see how a resource server caches it; before the security filter. */
        @Bean
        FilterRegistrationBean<Filter> jwkSetRequestCounter(Keys keys) {
            FilterRegistrationBean<Filter> counter = new FilterRegistrationBean<>((request, response, chain) -> {
                if (((HttpServletRequest) request).getRequestURI().equals("/oauth2/jwks")) {
                    keys.jwkSetRequests.incrementAndGet();
                }
                chain.doFilter(request, response);
            });
            counter.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return counter;
        }
    }
}
