package io.chatplatform.api.ratelimit;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.RestApi.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Floods of the REST calls that cost most, with small limits, from clients at several addresses (as a trusted
 * proxy reports them in {@code X-Forwarded-For}). A refused call is 429 {@code RATE_LIMITED} with
 * {@code Retry-After}; for a login it is refused before the password is checked, so it costs no BCrypt round.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.forward-headers-strategy=native",
        "chat.api.rate-limits.login-per-address=3/1h",
        "chat.api.rate-limits.login-per-username=4/1h",
        "chat.api.rate-limits.register-per-address=2/1h",
        "chat.api.rate-limits.room-create-per-user=3/1h",
        "chat.api.rate-limits.member-add-per-user=2/1h",
        "chat.api.rate-limits.notification-send-per-user=2/1h"})
class RestRateLimitIT extends ChatServerTest {

    private static final String PASSWORD = "correct horse battery";
    /** 3/1h refills one call every 20 minutes. */
    private static final long LOGIN_REFILL_SECONDS = 20 * 60;

    @MockitoSpyBean
    UserService users;

    /**
     * This class has a server of its own, which starts cold: its first call also waits for Tomcat's workers and
     * Spring MVC to start, which on a loaded machine can take longer than a client's timeout.
     */
    @BeforeEach
    void serverAnswers() {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> rest.get("/actuator/health", null).status() == 200);
    }

    @Test
    void loginFloodFromOneAddressIsRefusedWith429BeforeAnyPasswordIsChecked() {
        String victim = register(uniqueUser("victim"), "192.0.2.1");
        RestApi attacker = rest.from("198.51.100.7");

        for (int i = 0; i < 3; i++) {
            assertProblem(login(attacker, victim, "guess " + i), 401, "UNAUTHORIZED");
        }
        for (int i = 3; i < 10; i++) {
            Response refused = login(attacker, victim, "guess " + i);
            assertProblem(refused, 429, "RATE_LIMITED");
            assertThat(refused.header("Retry-After")).get().satisfies(seconds ->
                    assertThat(Long.parseLong(seconds)).isBetween(1L, LOGIN_REFILL_SECONDS));
        }
        assertProblem(login(attacker, victim, PASSWORD), 429, "RATE_LIMITED");

        verify(users, times(3)).authenticate(eq(victim), any());
        assertThat(login(rest.from("198.51.100.8"), victim, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginAttemptsAgainstOneUsernameAreLimitedWhateverAddressTheyComeFrom() {
        String victim = register(uniqueUser("victim"), "192.0.2.2");

        for (int i = 1; i <= 4; i++) {
            assertProblem(login(rest.from("203.0.113." + i), victim, "guess " + i), 401, "UNAUTHORIZED");
        }
        Response refused = login(rest.from("203.0.113.99"), victim, PASSWORD);

        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(refused.json().path("detail").asString()).contains("login attempts for this username");
        verify(users, times(4)).authenticate(eq(victim), any());
        assertThat(login(rest.from("203.0.113.99"), uniqueUser("someone-else"), PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void registrationsFromOneAddressAreLimited() {
        RestApi client = rest.from("192.0.2.50");
        for (String name : List.of("a", "b")) {
            assertThat(client.post("/api/auth/register", null, credentials(uniqueUser(name), PASSWORD)).status())
                    .isEqualTo(201);
        }

        Response refused = client.post("/api/auth/register", null, credentials(uniqueUser("c"), PASSWORD));

        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(rest.from("192.0.2.51").post("/api/auth/register", null, credentials(uniqueUser("d"), PASSWORD))
                .status()).isEqualTo(201);
    }

    @Test
    void roomCreationIsLimitedPerUserWhicheverAddressTheCallsComeFrom() {
        String alice = tokenFor(uniqueUser("alice"));
        List<RestApi> addresses = List.of(rest.from("198.51.100.20"), rest.from("198.51.100.21"));
        for (int i = 0; i < 3; i++) {
            assertThat(addresses.get(i % 2).post("/api/rooms", alice, newRoom()).status()).isEqualTo(201);
        }

        assertProblem(rest.from("198.51.100.22").post("/api/rooms", alice, newRoom()), 429, "RATE_LIMITED");
        assertProblem(addresses.get(0).post("/api/rooms/direct", alice, Map.of("userId", uniqueUser("bob"))), 429,
                "RATE_LIMITED");
        assertThat(addresses.get(0).post("/api/rooms", tokenFor(uniqueUser("carol")), newRoom()).status())
                .isEqualTo(201);
    }

    @Test
    void memberAddsAreLimitedPerUser() {
        String owner = uniqueUser("owner");
        long roomId = createRoom(owner);
        String path = "/api/rooms/" + roomId + "/members";
        assertThat(rest.post(path, tokenFor(owner), Map.of("userId", uniqueUser("m1"))).status()).isEqualTo(201);
        assertThat(rest.post(path, tokenFor(owner), Map.of("userId", uniqueUser("m2"))).status()).isEqualTo(201);

        assertProblem(rest.post(path, tokenFor(owner), Map.of("userId", uniqueUser("m3"))), 429, "RATE_LIMITED");
    }

    @Test
    void notificationSendsAndAnnouncementsAreLimitedPerAdmin() {
        String admin = adminTokenFor(uniqueUser("admin"));
        Map<String, Object> notification = Map.of("userIds", List.of(uniqueUser("bob")), "kind", "K",
                "payload", Map.of());
        assertThat(rest.post("/api/notifications", admin, notification).status()).isEqualTo(201);
        assertThat(rest.post("/api/announcements", admin, Map.of("body", "maintenance at noon")).status())
                .isEqualTo(202);

        assertProblem(rest.post("/api/notifications", admin, notification), 429, "RATE_LIMITED");
        assertProblem(rest.post("/api/announcements", admin, Map.of("body", "again")), 429, "RATE_LIMITED");
        assertThat(rest.post("/api/notifications", adminTokenFor(uniqueUser("admin")), notification).status())
                .isEqualTo(201);
    }

    private String register(String username, String address) {
        Response registered = rest.from(address).post("/api/auth/register", null, credentials(username, PASSWORD));
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        return username;
    }

    private static Response login(RestApi client, String username, String password) {
        return client.post("/api/auth/login", null, credentials(username, password));
    }

    private static Map<String, String> credentials(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    private static Map<String, Object> newRoom() {
        return Map.of("name", "a room", "type", "GROUP", "members", List.of());
    }
}
