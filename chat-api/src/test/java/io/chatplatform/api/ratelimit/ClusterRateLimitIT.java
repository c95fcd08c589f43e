package io.chatplatform.api.ratelimit;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.ChatApplication;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes sharing one Redis (a key prefix of this run's own), as behind a load balancer: a client whose calls
 * alternate between them draws from one bucket, so the limit is not multiplied by the number of nodes.
 */
@RequiresRedis
class ClusterRateLimitIT {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        String prefix = "chat-it-rate-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = start("node-a", prefix);
        nodeB = start("node-b", prefix);
    }

    /** Each node has its own in-memory database: the buckets are all they share, besides Redis' other keys. */
    static ConfigurableApplicationContext start(String name, String prefix) {
        return new SpringApplicationBuilder(ChatApplication.class)
                .profiles("test", "cluster")
                .run("--server.port=0",
                        "--server.forward-headers-strategy=native",
                        "--chat.cluster.redis-url=" + ExternalRedis.url(),
                        "--chat.cluster.key-prefix=" + prefix,
                        "--chat.cluster.node-id=" + name,
                        "--chat.api.rate-limits.login-per-address=4/1h");
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void loginAttemptsAlternatingBetweenNodesDrawFromOneSharedBucket() {
        List<RestApi> nodes = List.of(rest(nodeA).from("198.51.100.30"), rest(nodeB).from("198.51.100.30"));

        for (int i = 0; i < 4; i++) {
            assertProblem(login(nodes.get(i % 2), "guess " + i), 401, "UNAUTHORIZED");
        }
        for (int i = 4; i < 8; i++) {
            RestApi.Response refused = login(nodes.get(i % 2), "guess " + i);
            assertProblem(refused, 429, "RATE_LIMITED");
            assertThat(refused.header("Retry-After")).isPresent();
        }
        assertProblem(login(rest(nodeB).from("198.51.100.31"), "another address"), 401, "UNAUTHORIZED");
    }

    private static RestApi.Response login(RestApi node, String password) {
        // Distinct usernames: only the per-address bucket is under test.
        return node.post("/api/auth/login", null,
                Map.of("username", "ghost-" + UUID.randomUUID(), "password", password));
    }

    private static RestApi rest(ConfigurableApplicationContext node) {
        return new RestApi(((WebServerApplicationContext) node).getWebServer().getPort());
    }
}
