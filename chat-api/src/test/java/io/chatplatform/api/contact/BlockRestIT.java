package io.chatplatform.api.contact;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/users/me/blocks}, and what a block keeps a blocked user from doing over REST: adding the blocker to
 * rooms, opening a DIRECT room with them, and seeing them online.
 */
class BlockRestIT extends ChatServerTest {

    private Response block(String blocker, String blocked) {
        return rest.call("PUT", "/api/users/me/blocks/" + blocked, tokenFor(blocker), null);
    }

    private Response createGroup(String owner, String... members) {
        return rest.post("/api/rooms", tokenFor(owner),
                Map.of("name", "group of " + owner, "type", "GROUP", "members", List.of(members)));
    }

    private Response openDirect(String caller, String other) {
        return rest.post("/api/rooms/direct", tokenFor(caller), Map.of("userId", other));
    }

    private static List<String> userIds(JsonNode array) {
        return array.valueStream().map(node -> node.path("userId").asString()).toList();
    }

    @Test
    void blockingIsIdempotentListedAndLifted() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        String zoe = uniqueUser("zoe");

        assertThat(block(xena, yuri).status()).isEqualTo(204);
        assertThat(block(xena, yuri).status()).as("blocking again").isEqualTo(204);
        assertThat(block(xena, zoe).status()).isEqualTo(204);

        Response listed = rest.get("/api/users/me/blocks", tokenFor(xena));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(userIds(listed.json())).containsExactly(zoe, yuri);
        assertThat(listed.json().get(0).path("blockedAt").asString()).isNotBlank();
        assertThat(rest.get("/api/users/me/blocks", tokenFor(yuri)).json().size()).as("yuri's own list").isZero();

        assertThat(rest.delete("/api/users/me/blocks/" + yuri, tokenFor(xena)).status()).isEqualTo(204);
        assertThat(rest.delete("/api/users/me/blocks/" + yuri, tokenFor(xena)).status()).as("again").isEqualTo(204);
        assertThat(userIds(rest.get("/api/users/me/blocks", tokenFor(xena)).json())).containsExactly(zoe);
    }

    @Test
    void blockingYourselfOrAnInvalidIdIsABadRequest() {
        String xena = uniqueUser("xena");

        assertProblem(block(xena, xena), 400, "BAD_REQUEST");
        assertProblem(block(xena, "x".repeat(129)), 400, "BAD_REQUEST");
        assertProblem(rest.call("PUT", "/api/users/me/blocks/" + uniqueUser("yuri"), null, null), 401,
                "UNAUTHORIZED");
    }

    @Test
    void blockedUserCannotAddTheBlockerToANewRoomNorAnExistingOne() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        String zoe = uniqueUser("zoe");
        long yurisRoom = createRoom(yuri);
        block(xena, yuri);

        Response created = createGroup(yuri, zoe, xena);
        Response added = rest.post("/api/rooms/" + yurisRoom + "/members", tokenFor(yuri), Map.of("userId", xena));

        assertProblem(created, 403, "FORBIDDEN");
        assertProblem(added, 403, "FORBIDDEN");
        assertThat(created.json().path("detail").asString()).as("the refusal does not tell why")
                .doesNotContainIgnoringCase("block");
        assertThat(rest.get("/api/rooms", tokenFor(xena)).json().size()).as("xena is in no room").isZero();
        assertThat(createGroup(yuri, zoe).status()).as("others can still be added").isEqualTo(201);
        assertThat(createGroup(xena, yuri).status()).as("the blocker may still add the blocked user").isEqualTo(201);
    }

    @Test
    void neitherSideCanOpenTheirDirectRoomOnceOneBlockedTheOther() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        block(xena, yuri);

        assertProblem(openDirect(yuri, xena), 403, "FORBIDDEN");
        assertProblem(rest.post("/api/rooms", tokenFor(yuri),
                Map.of("name", "hi", "type", "DIRECT", "members", List.of(xena))), 403, "FORBIDDEN");
        assertProblem(openDirect(xena, yuri), 403, "FORBIDDEN");
        assertThat(rest.get("/api/rooms", tokenFor(xena)).json().size()).isZero();

        rest.delete("/api/users/me/blocks/" + yuri, tokenFor(xena));
        assertThat(openDirect(yuri, xena).status()).as("after the block is lifted").isEqualTo(201);
    }

    @Test
    void platformAdminIsNotBoundByABlock() {
        String xena = uniqueUser("xena");
        String admin = uniqueUser("admin");
        block(xena, admin);

        Response direct = rest.post("/api/rooms/direct", adminTokenFor(admin), Map.of("userId", xena));

        assertThat(direct.status()).isEqualTo(201);
    }

    @Test
    void roomPresenceListsTheBlockerToOthersButNotToTheBlockedUser() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        String zoe = uniqueUser("zoe");
        long roomId = createRoom(zoe, xena, yuri);
        block(xena, yuri);
        chat(xena);
        chat(yuri);

        JsonNode seenByZoe = rest.get("/api/rooms/" + roomId + "/presence", tokenFor(zoe)).json().path("online");
        JsonNode seenByYuri = rest.get("/api/rooms/" + roomId + "/presence", tokenFor(yuri)).json().path("online");

        assertThat(seenByZoe.valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(xena, yuri);
        assertThat(seenByYuri.valueStream().map(JsonNode::asString).toList()).containsExactly(yuri);
    }

    /** Blocking hides the blocker from the blocked user, not the other way round. */
    @Test
    void blockedUserStaysVisibleToTheBlocker() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        long roomId = createRoom(xena, yuri);
        block(xena, yuri);
        WsClient xenaSocket = chat(xena);

        chat(yuri);

        assertThat(xenaSocket.expect("PRESENCE").path("userId").asString()).isEqualTo(yuri);
        assertThat(rest.get("/api/rooms/" + roomId + "/presence", tokenFor(xena)).json().path("online").size())
                .isEqualTo(2);
    }
}
