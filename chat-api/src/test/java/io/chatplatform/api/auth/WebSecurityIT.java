package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The security filter chain over the wire: response headers, forged tokens, the ADMIN gate. */
class WebSecurityIT extends ChatServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/index.html", "/js/app.js", "/api/rooms", "/api/auth/login", "/actuator/health"})
    void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
        String token = path.equals("/api/rooms") ? tokenFor(uniqueUser("alice")) : null;

        HttpResponse<String> response = get(path, token);

        assertThat(response.statusCode()).as(path).isIn(200, 405);
        assertSecurityHeaders(response);
    }

    @Test
    void aRefusalWithoutTokenCarriesTheSecurityHeadersAndAProblemBody() throws Exception {
        HttpResponse<String> response = get("/api/rooms", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertSecurityHeaders(response);
    }

    @Test
    void thePolicyLetsTheUiLoadOnlyItsOwnScriptsStylesAndSocket() throws Exception {
        String policy = get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow();

        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'",
                "connect-src 'self' ws://localhost:" + port + " wss://localhost:" + port);
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void anUnsignedTokenIsUnauthorized() throws Exception {
        String none = jwtPart("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + jwtPart("{\"sub\":\"mallory\",\"role\":\"ADMIN\",\"iat\":" + Instant.now().getEpochSecond()
                        + ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}") + ".";

        assertProblem(rest.get("/api/rooms", none), 401, "UNAUTHORIZED");
        assertProblem(rest.post("/api/announcements", none, Map.of("body", "hi")), 401, "UNAUTHORIZED");
        HttpResponse<String> response = get("/api/rooms", none);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void aTokenClaimingRs256WithoutAnyTrustedIssuerIsUnauthorized() {
        String forged = jwtPart("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "."
                + jwtPart("{\"sub\":\"mallory\",\"role\":\"ADMIN\",\"iss\":\"https://idp.example\",\"exp\":"
                        + Instant.now().plusSeconds(3600).getEpochSecond() + "}")
                + "." + jwtPart("not a signature");

        assertProblem(rest.get("/api/rooms", forged), 401, "UNAUTHORIZED");
    }

    @Test
    void aNonAdminIsRefusedAnAdminCallBeforeItsBodyIsRead() {
        String user = tokenFor(uniqueUser("bob"));
        String admin = adminTokenFor(uniqueUser("root"));

        // The admin's identical call shows the body is invalid; the user must not get that far.
        assertProblem(rest.postRaw("/api/announcements", admin, "{\"body\":"), 400, "BAD_REQUEST");
        assertProblem(rest.postRaw("/api/announcements", user, "{\"body\":"), 403, "FORBIDDEN");
        assertProblem(rest.post("/api/crowd/zones", user, Map.of()), 403, "FORBIDDEN");
    }

    @Test
    void aRequestTheFirewallRejectsIsAProblemToo() {
        String token = tokenFor(uniqueUser("alice"));

        // Tomcat merges the slashes; Spring Security's firewall refuses such a path before anything matches it.
        assertProblem(rest.get("/api//rooms", token), 400, "BAD_REQUEST");
        assertProblem(rest.get("//api/rooms", null), 400, "BAD_REQUEST");
    }

    /** Tomcat refuses these before Spring sees them; they were answered with Tomcat's HTML page. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/rooms/1%00", "/api/rooms/2/members/%FF%FE", "/api/users/me/blocks/a%ED%A0%80b",
            "headers over Tomcat's limit"})
    void aRequestTomcatRefusesIsAProblemToo(String what) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + (what.startsWith("/") ? what : "/api/rooms"))).GET();
        if (!what.startsWith("/")) {
            request.header("X-Pad", "a".repeat(20_000));
        }

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":400", "\"code\":\"BAD_REQUEST\"");
    }

    /**
     * What reaches only the error page (Tomcat refuses it itself, or it is the page) was Spring Boot's HTML
     * "Whitelabel" page for a browser, without the security headers, and {@code /error} itself a 500.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /META-INF/MANIFEST.MF, 404, NOT_FOUND", "GET, /WEB-INF/web.xml, 404, NOT_FOUND",
            "TRACE, /, 405, BAD_REQUEST", "GET, /error, 404, NOT_FOUND"})
    void whatOnlyTheErrorPageAnswersIsAProblemWithTheSecurityHeaders(String method, String path, int status,
            String code) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", "text/html").build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status, "\"code\":\"" + code + "\"")
                .doesNotContain("Whitelabel");
        assertSecurityHeaders(response);
    }

    /** One list of header writers serves the chains and the error page, so the two cannot drift apart. */
    @Test
    void theErrorPageCarriesTheSameSecurityHeadersAsEveryOtherResponse() throws Exception {
        HttpResponse<String> chained = get("/api/rooms", null);
        HttpResponse<String> errorPage = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(chained.statusCode()).isEqualTo(401);
        assertThat(errorPage.statusCode()).isEqualTo(405);
        for (String name : List.of("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                "Referrer-Policy", "X-XSS-Protection", "Cache-Control", "Pragma", "Expires")) {
            assertThat(chained.headers().allValues(name)).as(name).isNotEmpty()
                    .isEqualTo(errorPage.headers().allValues(name));
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jwtPart(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
