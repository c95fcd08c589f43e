package io.chatplatform.api.ratelimit;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.ChatApplication;
import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.FaultProxy;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node whose Redis (reached through a {@link FaultProxy}) goes away: logins, registrations and room creation go
 * on, still limited, counted by the node alone, instead of failing with 503 until Redis is back.
 */
@RequiresRedis
class RateLimitsWhileRedisIsAwayIT {

    static final String PASSWORD = "correct horse battery";

    static FaultProxy redis;
    static ConfigurableApplicationContext node;

    @BeforeAll
    static void startANodeBehindAProxy() {
        redis = FaultProxy.forRedisUrl(ExternalRedis.url());
        node = new SpringApplicationBuilder(ChatApplication.class)
                .profiles("test", "cluster")
                .run("--server.port=0",
                        "--chat.cluster.redis-url=" + redis.redisUrl(ExternalRedis.url()),
                        "--chat.cluster.key-prefix=chat-it-away-" + UUID.randomUUID().toString().substring(0, 8),
                        "--chat.api.rate-limits.login-per-username=3/1h");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void loginsGoOnLimitedByTheNodeAloneWhileRedisIsAway() {
        RestApi rest = new RestApi(ClusterNode.port(node));
        String user = "away-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(rest.post("/api/auth/register", null, Map.of("username", user, "password", PASSWORD)).status())
                .isEqualTo(201);

        redis.outage();
        try {
            for (int i = 0; i < 3; i++) {
                RestApi.Response login = login(rest, user);
                assertThat(login.status()).as("login %s while Redis is away: %s", i, login).isEqualTo(200);
            }
            RestApi.Response fourth = login(rest, user);
            assertProblem(fourth, 429, "RATE_LIMITED");
            assertThat(fourth.header("Retry-After")).isPresent();
            RestApi.Response another = rest.post("/api/auth/register", null,
                    Map.of("username", user + "-b", "password", PASSWORD));
            assertThat(another.status()).as("%s", another).isEqualTo(201);
            String token = another.json().path("accessToken").asString();
            RestApi.Response room = rest.post("/api/rooms", token, Map.of("name", "made while Redis is away",
                    "type", "GROUP", "members", List.of()));
            assertThat(room.status()).as("room creation, limited too: %s", room).isEqualTo(201);
        } finally {
            redis.restore();
        }
    }

    private static RestApi.Response login(RestApi rest, String user) {
        return rest.post("/api/auth/login", null, Map.of("username", user, "password", PASSWORD));
    }
}
