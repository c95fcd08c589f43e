package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Token revocations are checked from each node's memory: a revocation on one node must reach the others' memory
 * through the cluster bus. The periodic reload is set far beyond the test's waits, so only the bus can explain a
 * refusal on the other node.
 */
@RequiresPostgres
@RequiresRedis
class RevocationClusterIT {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static TokenService tokens;

    @BeforeAll
    static void startTwoNodes() {
        String database = ExternalPostgres.newSchemaUrl();
        String prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = start("node-a", database, prefix);
        nodeB = start("node-b", database, prefix);
        tokens = nodeA.getBean(TokenService.class);
    }

    static ConfigurableApplicationContext start(String name, String database, String prefix) {
        return ClusterNode.start(name, database, prefix, "--chat.auth.revocation-reload=1h");
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
    void accountDeletedOnNodeAIsRefusedAtTheNextHandshakeOnNodeB() {
        String dora = "dora-" + UUID.randomUUID().toString().substring(0, 8);
        String oldToken = tokens.issue(new Actor(dora, Role.USER)).accessToken();
        WsClient onB = WsClient.connect(chatUri(nodeB), bearer(oldToken));
        onB.expect("READY");

        assertThat(new RestApi(port(nodeA)).delete("/api/users/" + dora, oldToken).status()).isEqualTo(204);

        assertThat(onB.awaitCloseCode()).as("the open session on node B").isEqualTo(4403);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> WsClient.refusedStatus(chatUri(nodeB), bearer(oldToken)).equals(Optional.of(401)));
        assertThat(WsClient.refusedStatus(chatUri(nodeA), bearer(oldToken))).contains(401);
    }

    @Test
    void anAdminDemotedOnNodeAIsClosedOnNodeBAndAUserStaysConnected() {
        String ops = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        UserService usersOfA = nodeA.getBean(UserService.class);
        usersOfA.createAdmin(ops, "correct horse battery");
        String adminToken = new RestApi(port(nodeA)).post("/api/auth/login", null,
                Map.of("username", ops, "password", "correct horse battery")).json().path("accessToken").asString();
        WsClient adminOnB = WsClient.connect(chatUri(nodeB), bearer(adminToken));
        adminOnB.expect("READY");
        WsClient userOnB = WsClient.connect(chatUri(nodeB),
                bearer(tokens.issue(new Actor("eve-" + ops, Role.USER)).accessToken()));
        userOnB.expect("READY");

        usersOfA.changeRole(ops, Role.USER);

        assertThat(adminOnB.awaitCloseCode()).as("the demoted ADMIN's session on node B").isEqualTo(4401);
        assertThat(adminOnB.closeReason()).isEqualTo("token revoked");
        userOnB.send(Map.of("type", "PING"));
        userOnB.expect("PONG");
        userOnB.close();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static URI chatUri(ConfigurableApplicationContext node) {
        return URI.create("ws://localhost:" + port(node) + "/ws/chat");
    }

}
