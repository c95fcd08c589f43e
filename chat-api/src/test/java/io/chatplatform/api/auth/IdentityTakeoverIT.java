package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user id needs no local account: rooms, messages and notifications can be addressed to an id before anyone holds
 * it. Registering such an id must not hand what is addressed to it to whoever registers first. Every test is the
 * attack itself, over REST against the real server.
 */
class IdentityTakeoverIT extends ChatServerTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void strangerCannotRegisterAMemberAddedBeforeTheirFirstLoginAndSoCannotReadTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob"); // never logged in anywhere: only alice's room names him
        long roomId = createRoom(alice, bob);
        WsClient aliceChat = chat(alice);
        aliceChat.send(sendFrame(roomId, "plan-1", "the plan, for bob's eyes only"));
        aliceChat.expect("ACK");

        Response stranger = register(bob);

        assertTaken(stranger);
        assertThat(stranger.json().has("accessToken")).isFalse();
        assertProblem(login(bob), 401, "UNAUTHORIZED");
        // the real bob, whose issuer mints his tokens, still reads his room
        assertThat(rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob)).body())
                .contains("the plan, for bob's eyes only");
    }

    @Test
    void strangerCannotRegisterANotificationRecipientWithoutAccount() {
        String carol = uniqueUser("carol");
        Response sent = rest.post("/api/notifications", adminTokenFor(uniqueUser("admin")),
                Map.of("userIds", List.of(carol), "kind", "PAYSLIP", "payload", Map.of("net", 1234)));
        assertThat(sent.status()).as("%s", sent).isEqualTo(201);

        assertTaken(register(carol));
        assertProblem(login(carol), 401, "UNAUTHORIZED");
    }

    @Test
    void strangerCannotRegisterAnIdSeenOnAnotherIssuersToken() {
        String dave = uniqueUser("dave");
        assertThat(rest.get("/api/rooms", tokenFor(dave)).status()).isEqualTo(200);

        assertTaken(register(dave));
    }

    @Test
    void idSeenOnASocketHandshakeCannotBeRegisteredEither() {
        String erin = uniqueUser("erin");
        chat(erin);

        assertTaken(register(erin));
    }

    @Test
    void deletedAccountsNameCannotBeRegisteredAgainAndItsNotificationsAreGone() {
        String frank = uniqueUser("frank");
        String token = register(frank).json().path("accessToken").asString();
        createRoom(uniqueUser("alice"), frank); // frank gets a ROOM_ADDED notification
        await().atMost(WsClient.WAIT).until(() -> rest.get("/api/notifications", token).json().size() == 1);

        assertThat(rest.delete("/api/users/" + frank, token).status()).isEqualTo(204);

        assertTaken(register(frank));
        // Whoever holds the id next (here: a token of another issuer, minted after the deletion) finds nothing.
        // iat counts whole seconds: tokens from the second of the deletion are still refused.
        await().atMost(WsClient.WAIT).until(() -> rest.get("/api/notifications", tokenFor(frank)).status() == 200);
        assertThat(rest.get("/api/notifications", tokenFor(frank)).json().size()).isZero();
    }

    @Test
    void everyRefusalReadsLikeAnOrdinaryTakenUsername() {
        String grace = uniqueUser("grace");
        assertThat(register(grace).status()).isEqualTo(201);
        String henry = uniqueUser("henry");
        createRoom(uniqueUser("alice"), henry);

        Response taken = register(grace);
        Response known = register(henry);

        assertTaken(taken);
        assertTaken(known);
        assertThat(known.json().path("detail")).isEqualTo(taken.json().path("detail"));
    }

    private Response register(String username) {
        return rest.post("/api/auth/register", null, Map.of("username", username, "password", PASSWORD));
    }

    private Response login(String username) {
        return rest.post("/api/auth/login", null, Map.of("username", username, "password", PASSWORD));
    }

    private static void assertTaken(Response response) {
        assertProblem(response, 409, "CONFLICT");
        assertThat(response.json().path("detail").asString()).isEqualTo("username is taken");
    }
}
