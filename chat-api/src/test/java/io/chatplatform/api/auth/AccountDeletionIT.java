package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting an account closes its sockets, takes it out of its rooms and retires every token issued so far. */
class AccountDeletionIT extends ChatServerTest {

    @Test
    void deletedAccountsSocketsCloseItsRoomsHearAndItsTokensStopWorking() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        String bobsToken = tokenFor(bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobChat = track(WsClient.connect(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + bobsToken)));
        WsClient bobNotify = track(WsClient.connect(wsUri("/ws/notify"), Map.of("Authorization", "Bearer " + bobsToken)));
        bobChat.expect("READY");
        bobNotify.expect("READY");

        assertThat(rest.delete("/api/users/" + bob, bobsToken).status()).isEqualTo(204);

        assertThat(bobChat.awaitCloseCode()).isEqualTo(4403);
        assertThat(bobNotify.awaitCloseCode()).isEqualTo(4403);
        assertThat(aliceSocket.expect("MEMBER_LEFT").path("userId").asString()).isEqualTo(bob);
        assertProblem(rest.get("/api/rooms", bobsToken), 401, "UNAUTHORIZED");
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + bobsToken)))
                .contains(401);
        assertThat(rest.get("/api/rooms/" + roomId + "/members", tokenFor(alice)).json().size()).isEqualTo(1);
    }

    @Test
    void onlyTheUserOrAPlatformAdminMayDeleteAnAccount() {
        String bob = uniqueUser("bob");

        assertProblem(rest.delete("/api/users/" + bob, tokenFor(uniqueUser("mallory"))), 403, "FORBIDDEN");
        assertThat(rest.delete("/api/users/" + bob, adminTokenFor(uniqueUser("root"))).status()).isEqualTo(204);
    }

    @Test
    void aDeletedLocalAccountsNameStaysTakenButNewTokensOfOtherIssuersWork() {
        String name = uniqueUser("carol");
        Map<String, String> credentials = Map.of("username", name, "password", "correct horse");
        String first = rest.post("/api/auth/register", null, credentials).json().path("accessToken").asString();
        assertThat(rest.delete("/api/users/" + name, first).status()).isEqualTo(204);
        assertProblem(rest.post("/api/auth/login", null, credentials), 401, "UNAUTHORIZED");

        // Registering it again would hand what was addressed to carol to whoever registers first.
        assertProblem(rest.post("/api/auth/register", null, credentials), 409, "CONFLICT");

        // iat has one-second resolution: tokens from the second of the deletion stay refused.
        await().atMost(WsClient.WAIT).until(() -> rest.get("/api/rooms", tokenFor(name)).status() == 200);
    }

    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await();
    }
}
