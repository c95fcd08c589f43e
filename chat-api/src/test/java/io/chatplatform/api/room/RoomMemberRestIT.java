package io.chatplatform.api.room;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/rooms/{id}/members}: list, add and remove members, and leave a room. */
class RoomMemberRestIT extends ChatServerTest {

    @Test
    void memberListsTheMembersWithTheirRoles() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        Response response = rest.get(members(roomId), tokenFor(bob));

        assertThat(response.status()).isEqualTo(200);
        assertThat(roles(response.json())).isEqualTo(Map.of(alice, "OWNER", bob, "MEMBER"));
        assertThat(response.json().get(0).path("joinedAt").asString()).isNotBlank();
        assertThat(response.json().get(0).has("lastReadSeq")).isTrue();
    }

    @Test
    void nonMemberCannotListTheMembers() {
        long roomId = createRoom(uniqueUser("alice"));

        assertProblem(rest.get(members(roomId), tokenFor(uniqueUser("mallory"))), 404, "NOT_FOUND");
    }

    @Test
    void platformAdminListsTheMembersOfAnyRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        Response response = rest.get(members(roomId), adminTokenFor(uniqueUser("admin")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(roles(response.json())).isEqualTo(Map.of(alice, "OWNER"));
    }

    @Test
    void membersOfAnUnknownRoomAreNotFound() {
        assertProblem(rest.get(members(Long.MAX_VALUE), tokenFor(uniqueUser("alice"))), 404, "NOT_FOUND");
    }

    @Test
    void ownerAddsAMemberWhoThenSeesTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice);

        Response response = rest.post(members(roomId), tokenFor(alice), Map.of("userId", bob));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("userId").asString()).isEqualTo(bob);
        assertThat(response.json().path("role").asString()).as("default role").isEqualTo("MEMBER");
        assertThat(rest.get("/api/rooms", tokenFor(bob)).json().get(0).path("id").asLong()).isEqualTo(roomId);
    }

    @Test
    void roomAdminAddsMembersButNoOwner() {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice);
        RoomFixtures.addMember(rest, tokenFor(alice), roomId, carol, "ADMIN");

        Response member = rest.post(members(roomId), tokenFor(carol), Map.of("userId", uniqueUser("dave")));
        Response owner = rest.post(members(roomId), tokenFor(carol),
                Map.of("userId", uniqueUser("eve"), "role", "OWNER"));

        assertThat(member.status()).isEqualTo(201);
        assertProblem(owner, 403, "FORBIDDEN");
    }

    @Test
    void memberCannotAddMembers() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertProblem(rest.post(members(roomId), tokenFor(bob), Map.of("userId", uniqueUser("dave"))), 403,
                "FORBIDDEN");
    }

    @Test
    void nonMemberCannotAddThemselvesOrOthers() {
        long roomId = createRoom(uniqueUser("alice"));
        String mallory = uniqueUser("mallory");

        assertProblem(rest.post(members(roomId), tokenFor(mallory), Map.of("userId", mallory)), 404, "NOT_FOUND");
    }

    @Test
    void platformAdminAddsAnOwnerToAnyRoom() {
        String alice = uniqueUser("alice");
        String frank = uniqueUser("frank");
        long roomId = createRoom(alice);

        Response response = rest.post(members(roomId), adminTokenFor(uniqueUser("admin")),
                Map.of("userId", frank, "role", "OWNER"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("role").asString()).isEqualTo("OWNER");
    }

    @Test
    void addingAnExistingMemberIsAConflict() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertProblem(rest.post(members(roomId), tokenFor(alice), Map.of("userId", bob)), 409, "CONFLICT");
        assertProblem(rest.post(members(roomId), tokenFor(alice), Map.of("userId", alice)), 409, "CONFLICT");
    }

    @Test
    void addingToADirectRoomIsRefused() {
        String alice = uniqueUser("alice");
        Response dm = rest.post("/api/rooms", tokenFor(alice),
                Map.of("name", "dm", "type", "DIRECT", "members", List.of(uniqueUser("bob"))));

        assertProblem(rest.post(members(dm.json().path("id").asLong()), tokenFor(alice),
                Map.of("userId", uniqueUser("carol"))), 400, "BAD_REQUEST");
    }

    @Test
    void theOwnerOfADirectRoomCannotRemoveTheOtherParticipantWhoMayLeave() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Response dm = rest.post("/api/rooms/direct", tokenFor(alice), Map.of("userId", bob));
        long roomId = dm.json().path("id").asLong();
        assertThat(dm.json().path("myRole").asString()).isEqualTo("OWNER");

        assertProblem(rest.delete(members(roomId) + "/" + bob, tokenFor(alice)), 403, "FORBIDDEN");
        assertProblem(rest.delete(members(roomId) + "/" + bob, adminTokenFor(uniqueUser("root"))), 403,
                "FORBIDDEN");
        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json())).containsOnlyKeys(alice, bob);

        assertThat(rest.delete(members(roomId) + "/" + bob, tokenFor(bob)).status()).isEqualTo(204);
        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json())).containsOnlyKeys(alice);
        Response reopened = rest.post("/api/rooms/direct", tokenFor(bob), Map.of("userId", alice));
        assertThat(reopened.status()).as("the pair's one room, bob back in it").isEqualTo(200);
        assertThat(reopened.json().path("id").asLong()).isEqualTo(roomId);
        assertThat(reopened.json().path("myRole").asString()).isEqualTo("MEMBER");
    }

    @Test
    void addingWithABlankUserIdOrAnUnknownRoleIsRefused() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        assertProblem(rest.post(members(roomId), tokenFor(alice), Map.of("userId", " ")), 400, "BAD_REQUEST");
        assertProblem(rest.post(members(roomId), tokenFor(alice), Map.of("userId", uniqueUser("bob"), "role", "KING")),
                400, "BAD_REQUEST");
        assertProblem(rest.postRaw(members(roomId), tokenFor(alice), "{\"userId\":"), 400, "BAD_REQUEST");
    }

    @Test
    void addingToAnUnknownRoomIsNotFound() {
        assertProblem(rest.post(members(Long.MAX_VALUE), tokenFor(uniqueUser("alice")),
                Map.of("userId", uniqueUser("bob"))), 404, "NOT_FOUND");
    }

    @Test
    void ownerRemovesAMemberWhoThenLosesAccess() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        Response response = rest.delete(members(roomId) + "/" + bob, tokenFor(alice));

        assertThat(response.status()).isEqualTo(204);
        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json())).isEqualTo(Map.of(alice, "OWNER"));
        assertProblem(rest.get("/api/rooms/" + roomId, tokenFor(bob)), 404, "NOT_FOUND");
    }

    @Test
    void memberLeavesTheRoomByRemovingThemselves() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertThat(rest.delete(members(roomId) + "/" + bob, tokenFor(bob)).status()).isEqualTo(204);
        assertThat(rest.get("/api/rooms", tokenFor(bob)).json().size()).isZero();
    }

    @Test
    void memberCannotRemoveAnotherMember() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);

        assertProblem(rest.delete(members(roomId) + "/" + carol, tokenFor(bob)), 403, "FORBIDDEN");
        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json())).containsKey(carol);
    }

    @Test
    void roomAdminRemovesMembersButNotTheOwner() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob);
        RoomFixtures.addMember(rest, tokenFor(alice), roomId, carol, "ADMIN");

        assertThat(rest.delete(members(roomId) + "/" + bob, tokenFor(carol)).status()).isEqualTo(204);
        assertProblem(rest.delete(members(roomId) + "/" + alice, tokenFor(carol)), 403, "FORBIDDEN");
    }

    @Test
    void nonMemberCannotRemoveMembers() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertProblem(rest.delete(members(roomId) + "/" + bob, tokenFor(uniqueUser("mallory"))), 404, "NOT_FOUND");
    }

    @Test
    void platformAdminRemovesTheOwnerAndTheLongestStandingAdminTakesOver() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob);
        RoomFixtures.addMember(rest, tokenFor(alice), roomId, carol, "ADMIN");

        assertThat(rest.delete(members(roomId) + "/" + alice, adminTokenFor(uniqueUser("admin"))).status())
                .isEqualTo(204);

        assertThat(roles(rest.get(members(roomId), tokenFor(bob)).json()))
                .isEqualTo(Map.of(bob, "MEMBER", carol, "OWNER"));
    }

    @Test
    void lastMemberLeavingDeletesTheRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        assertThat(rest.delete(members(roomId) + "/" + alice, tokenFor(alice)).status()).isEqualTo(204);

        assertProblem(rest.get("/api/rooms/" + roomId, adminTokenFor(uniqueUser("admin"))), 404, "NOT_FOUND");
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        assertProblem(rest.delete(members(roomId) + "/" + uniqueUser("stranger"), tokenFor(alice)), 404,
                "NOT_FOUND");
    }

    @Test
    void removingFromAnUnknownRoomIsNotFound() {
        String alice = uniqueUser("alice");

        assertProblem(rest.delete(members(Long.MAX_VALUE) + "/" + alice, tokenFor(alice)), 404, "NOT_FOUND");
    }

    private static String members(long roomId) {
        return "/api/rooms/" + roomId + "/members";
    }

    private static Map<String, String> roles(JsonNode members) {
        Map<String, String> roles = new java.util.HashMap<>();
        members.forEach(member -> roles.put(member.path("userId").asString(), member.path("role").asString()));
        return roles;
    }

    @Test
    void userIdWithASlashIsRemovedThroughAnEncodedPath() {
        String alice = uniqueUser("alice");
        String teamBot = "team/" + uniqueUser("bot");
        long roomId = createRoom(alice, teamBot);

        Response response = rest.delete(members(roomId) + "/" + teamBot.replace("/", "%2F"), tokenFor(alice));

        assertThat(response.status()).isEqualTo(204);
        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json())).isEqualTo(Map.of(alice, "OWNER"));
    }

    /**
     * Every id a token may carry can be named in a path, percent-encoded: a directory's backslash and the line breaks
     * an id may hold were refused with 400 by Tomcat or the firewall, so such members could not be removed, leave,
     * be blocked or delete their account.
     */
    @Test
    void userIdsWithBackslashesAndLineBreaksAreAddressedThroughEncodedPaths() {
        String alice = uniqueUser("alice");
        List<String> odd = List.of("CORP\\" + uniqueUser("wally"), uniqueUser("line") + "\nbreak",
                uniqueUser("cr") + "\r", uniqueUser("ls") + "\u2028" + "x", uniqueUser("ps") + "\u2029" + "y");
        long roomId = createRoom(alice, odd.toArray(String[]::new));

        assertThat(rest.delete(members(roomId) + "/" + encoded(odd.get(0)), tokenFor(alice)).status()).isEqualTo(204);
        assertThat(rest.delete(members(roomId) + "/" + encoded(odd.get(1)), tokenFor(odd.get(1))).status())
                .as("leaving").isEqualTo(204);
        assertThat(rest.call("PUT", "/api/users/me/blocks/" + encoded(odd.get(2)), tokenFor(alice), null).status())
                .as("blocking").isEqualTo(204);
        assertThat(rest.delete("/api/users/" + encoded(odd.get(3)), tokenFor(odd.get(3))).status())
                .as("deleting the account").isEqualTo(204);
        assertThat(rest.delete(members(roomId) + "/" + encoded(odd.get(4)), tokenFor(alice)).status()).isEqualTo(204);

        assertThat(roles(rest.get(members(roomId), tokenFor(alice)).json()))
                .isEqualTo(Map.of(alice, "OWNER", odd.get(2), "MEMBER"));
        assertThat(rest.get("/api/users/me/blocks", tokenFor(alice)).json().get(0).path("userId").asString())
                .isEqualTo(odd.get(2));
    }

    private static String encoded(String userId) {
        return URLEncoder.encode(userId, StandardCharsets.UTF_8);
    }

    @Test
    void outsiderLearnsNothingAboutMembershipFromRemoval() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        String mallory = tokenFor(uniqueUser("mallory"));

        assertProblem(rest.delete(members(roomId) + "/" + bob, mallory), 404, "NOT_FOUND");
        assertProblem(rest.delete(members(roomId) + "/" + uniqueUser("nobody"), mallory), 404, "NOT_FOUND");
    }
}
