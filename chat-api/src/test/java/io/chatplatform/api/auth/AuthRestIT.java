package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Registration, login and the bearer-token check in front of every other {@code /api} call. */
class AuthRestIT extends ChatServerTest {

    private static final String TEST_SECRET = "test-only-secret-0123456789-abcdefghijklmnop";
    private static final String PASSWORD = "correct horse battery";

    @Test
    void registerAnswersWithAWorkingTokenForTheNewUser() {
        String username = uniqueUser("alice");

        Response response = rest.post("/api/auth/register", null, credentials(username, PASSWORD));

        assertThat(response.status()).isEqualTo(201);
        assertTokenAnswer(response.json(), username, "USER");
        assertThat(rest.get("/api/rooms", response.json().path("accessToken").asString()).status()).isEqualTo(200);
    }

    @Test
    void registerRefusesAUsernameThatIsTooShortOrHasForbiddenCharacters() {
        assertProblem(rest.post("/api/auth/register", null, credentials("ab", PASSWORD)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/auth/register", null, credentials("bad name!", PASSWORD)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/auth/register", null, credentials("x".repeat(65), PASSWORD)), 400,
                "BAD_REQUEST");
    }

    @Test
    void registerRefusesAPasswordShorterThanEightCharacters() {
        Response response = rest.post("/api/auth/register", null, credentials(uniqueUser("bob"), "1234567"));

        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(response.json().path("detail").asString()).contains("password");
    }

    @Test
    void registerRefusesAPasswordLongerThanBcryptReads() {
        assertProblem(rest.post("/api/auth/register", null, credentials(uniqueUser("bob"), "p".repeat(73))), 400,
                "BAD_REQUEST");
    }

    @Test
    void registerRefusesMissingOrBlankFields() {
        Response blank = rest.post("/api/auth/register", null, credentials(uniqueUser("bob"), "  "));
        assertProblem(blank, 400, "BAD_REQUEST");
        assertThat(blank.json().path("errors").toString()).contains("password");

        Response missing = rest.post("/api/auth/register", null, Map.of("password", PASSWORD));
        assertProblem(missing, 400, "BAD_REQUEST");
        assertThat(missing.json().path("errors").toString()).contains("username");
    }

    @Test
    void registerRefusesATakenUsernameWithConflict() {
        String username = uniqueUser("carol");
        assertThat(rest.post("/api/auth/register", null, credentials(username, PASSWORD)).status()).isEqualTo(201);

        Response second = rest.post("/api/auth/register", null, credentials(username, "another password"));

        assertProblem(second, 409, "CONFLICT");
    }

    @Test
    void registerRefusesABodyThatIsNotJson() {
        assertProblem(rest.postRaw("/api/auth/register", null, "{\"username\": \"dave\","), 400, "BAD_REQUEST");
        assertProblem(rest.postRaw("/api/auth/register", null, "not json at all"), 400, "BAD_REQUEST");
    }

    @Test
    void aStrangerRegisteringANameMeantForAnAdminGetsAPlainUserAndCannotComeBackAfterDeletion() {
        // "root" was the test profile's chat.auth.admin-users entry: registering it made the stranger ADMIN.
        Response registered = rest.post("/api/auth/register", null, credentials("root", PASSWORD));

        assertThat(registered.status()).isEqualTo(201);
        assertTokenAnswer(registered.json(), "root", "USER");
        String token = rest.post("/api/auth/login", null, credentials("root", PASSWORD)).json()
                .path("accessToken").asString();
        assertThat(tokens.verify(token).actor().role().name()).isEqualTo("USER");
        long someoneElsesRoom = createRoom(uniqueUser("alice"));
        // A platform ADMIN would read any room; a plain user outside it is told the room does not exist.
        assertProblem(rest.get("/api/rooms/" + someoneElsesRoom, token), 404, "NOT_FOUND");

        assertThat(rest.delete("/api/users/root", token).status()).isEqualTo(204);
        assertProblem(rest.post("/api/auth/register", null, credentials("root", PASSWORD)), 409, "CONFLICT");
    }

    @Test
    void aTokenIssuedInTheFutureIsUnauthorized() {
        // It would outlive a revocation: deletion and demotion refuse only tokens issued before them.
        String fromTheFuture = Jwts.builder().subject(uniqueUser("alice"))
                .issuedAt(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .expiration(Date.from(Instant.now().plus(Duration.ofHours(2))))
                .signWith(Keys.hmacShaKeyFor(TEST_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();

        Response response = rest.get("/api/rooms", fromTheFuture);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.json().path("detail").asString()).contains("iat");
    }

    @Test
    void loginWithTheRightPasswordAnswersWithAWorkingToken() {
        String username = uniqueUser("erin");
        rest.post("/api/auth/register", null, credentials(username, PASSWORD));

        Response response = rest.post("/api/auth/login", null, credentials(username, PASSWORD));

        assertThat(response.status()).isEqualTo(200);
        assertTokenAnswer(response.json(), username, "USER");
        assertThat(rest.get("/api/rooms", response.json().path("accessToken").asString()).status()).isEqualTo(200);
    }

    @Test
    void loginWithAWrongPasswordIsUnauthorized() {
        String username = uniqueUser("frank");
        rest.post("/api/auth/register", null, credentials(username, PASSWORD));

        assertProblem(rest.post("/api/auth/login", null, credentials(username, "wrong password")), 401,
                "UNAUTHORIZED");
    }

    @Test
    void loginAsAnUnknownUserIsUnauthorizedLikeAWrongPassword() {
        Response unknown = rest.post("/api/auth/login", null, credentials(uniqueUser("ghost"), PASSWORD));

        assertProblem(unknown, 401, "UNAUTHORIZED");
        assertThat(unknown.json().path("detail").asString()).isEqualTo("invalid username or password");
    }

    @Test
    void loginRefusesBlankFieldsAndBrokenJsonAsBadRequest() {
        assertProblem(rest.post("/api/auth/login", null, credentials("", PASSWORD)), 400, "BAD_REQUEST");
        assertProblem(rest.postRaw("/api/auth/login", null, "[\"username\"]"), 400, "BAD_REQUEST");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST,   /api/rooms",
            "GET,    /api/rooms",
            "GET,    /api/rooms/1",
            "PATCH,  /api/rooms/1",
            "DELETE, /api/rooms/1",
            "GET,    /api/rooms/1/members",
            "POST,   /api/rooms/1/members",
            "DELETE, /api/rooms/1/members/someone",
            "GET,    /api/rooms/1/messages",
            "GET,    /api/no-such-endpoint"
    })
    void everyApiCallWithoutATokenIsUnauthorized(String method, String path) {
        Object body = method.equals("POST") || method.equals("PATCH") ? Map.of("name", "x") : null;

        Response response = rest.call(method, path, null, body);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.json().path("detail").asString()).isEqualTo("missing bearer token");
    }

    @Test
    void aTokenThatIsNotAJwtIsUnauthorized() {
        assertProblem(rest.get("/api/rooms", "not-a-jwt"), 401, "UNAUTHORIZED");
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String expired = Jwts.builder().subject(uniqueUser("alice"))
                .issuedAt(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .expiration(Date.from(Instant.now().minus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor(TEST_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();

        Response response = rest.get("/api/rooms", expired);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.json().path("detail").asString()).isEqualTo("token expired");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthorized() {
        String forged = Jwts.builder().subject(uniqueUser("mallory")).claim("role", "ADMIN")
                .issuedAt(new Date())
                .expiration(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor("some-other-secret-0123456789-abcdefghijk".getBytes(StandardCharsets.UTF_8)),
                        Jwts.SIG.HS256)
                .compact();

        assertProblem(rest.get("/api/rooms", forged), 401, "UNAUTHORIZED");
    }

    @Test
    void aTokenWithoutExpiryIsUnauthorized() {
        String everlasting = Jwts.builder().subject(uniqueUser("alice")).issuedAt(new Date())
                .signWith(Keys.hmacShaKeyFor(TEST_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();

        assertProblem(rest.get("/api/rooms", everlasting), 401, "UNAUTHORIZED");
    }

    @Test
    void anAuthorizationHeaderOfAnotherSchemeIsUnauthorizedAndNamesBearer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rooms"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)))
                .GET().build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    private static Map<String, Object> credentials(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    private void assertTokenAnswer(JsonNode answer, String userId, String role) {
        assertThat(answer.path("userId").asString()).isEqualTo(userId);
        assertThat(answer.path("role").asString()).isEqualTo(role);
        assertThat(Instant.parse(answer.path("expiresAt").asString())).isAfter(Instant.now());
        String accessToken = answer.path("accessToken").asString();
        assertThat(accessToken).isNotBlank();
        assertThat(tokens.verify(accessToken).actor().userId()).isEqualTo(userId);
        assertThat(tokens.verify(accessToken).actor().role().name()).isEqualTo(role);
    }

    @Test
    void pathParametersDoNotSlipPastTheTokenCheck() {
        assertProblem(rest.get("/api;x/rooms", null), 401, "UNAUTHORIZED");
        assertThat(rest.get("/api;x/rooms", tokenFor(uniqueUser("alice"))).status()).isEqualTo(200);
    }

    @Test
    void frameworkErrorsCarryACodeToo() {
        String token = tokenFor(uniqueUser("alice"));

        assertProblem(rest.get("/api/nope", token), 404, "NOT_FOUND");
        assertProblem(rest.call("PUT", "/api/rooms/1", token, Map.of("name", "x")), 405, "BAD_REQUEST");
        assertProblem(rest.postAs("/api/rooms", token, "text/plain", "name=x"), 415, "BAD_REQUEST");
    }
}
