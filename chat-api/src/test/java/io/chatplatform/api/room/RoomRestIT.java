package io.chatplatform.api.room;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.posting.Posting;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/rooms} and {@code /api/rooms/{id}}: create, list, read, rename and delete. */
class RoomRestIT extends ChatServerTest {

    @Autowired
    Posting messages;

    @Test
    void createdGroupRoomIsOwnedByTheCallerAndLocatedByItsId() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rooms"))
                .header("Authorization", "Bearer " + tokenFor(alice))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"  general  \",\"type\":\"GROUP\",\"members\":[\"" + bob + "\"]}"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode room = JsonMapper.builder().build().readTree(response.body());
        long id = room.path("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/rooms/" + id));
        assertThat(room.path("name").asString()).isEqualTo("general");
        assertThat(room.path("type").asString()).isEqualTo("GROUP");
        assertThat(room.path("createdBy").asString()).isEqualTo(alice);
        assertThat(room.path("myRole").asString()).isEqualTo("OWNER");
        assertThat(room.path("lastSeq").asLong()).isZero();
        assertThat(room.path("unreadCount").asLong()).isZero();
        assertThat(rest.get("/api/rooms/" + id, tokenFor(bob)).json().path("myRole").asString()).isEqualTo("MEMBER");
    }

    @Test
    void directRoomIsCreatedWithExactlyOneOtherMember() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");

        Response response = rest.post("/api/rooms", tokenFor(alice), newRoom("dm", "DIRECT", bob));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("type").asString()).isEqualTo("DIRECT");
    }

    /** The old DIRECT key joined the sorted pair with a newline: both pairs below had the same one. */
    @Test
    void directRoomsOfPairsWhoseIdsRunTogetherAreDifferentRooms() {
        String x = uniqueUser("x");
        String suffix = x.substring(x.indexOf('-'));
        String z = "z" + suffix;
        String yz = "y\n" + z;
        String xy = x + "\ny";

        Response first = rest.post("/api/rooms/direct", tokenFor(x), Map.of("userId", yz));
        Response second = rest.post("/api/rooms/direct", tokenFor(xy), Map.of("userId", z));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as("%s & %s is a conversation of its own", xy, z).isEqualTo(201);
        assertThat(second.json().path("id").asLong()).isNotEqualTo(first.json().path("id").asLong());
        assertThat(rest.get("/api/rooms/" + first.json().path("id").asLong(), tokenFor(xy)).status()).isEqualTo(404);
    }

    @Test
    void directRoomWithTwoOtherMembersIsRefused() {
        String alice = uniqueUser("alice");

        Response response = rest.post("/api/rooms", tokenFor(alice),
                newRoom("dm", "DIRECT", uniqueUser("bob"), uniqueUser("carol")));

        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(rest.get("/api/rooms", tokenFor(alice)).json().size()).isZero();
    }

    @Test
    void roomWithBlankOrTooLongNameIsRefused() {
        String token = tokenFor(uniqueUser("alice"));

        assertProblem(rest.post("/api/rooms", token, newRoom("   ", "GROUP")), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/rooms", token, newRoom("n".repeat(201), "GROUP")), 400, "BAD_REQUEST");
    }

    @Test
    void roomWithMissingOrUnknownTypeIsRefused() {
        String token = tokenFor(uniqueUser("alice"));
        Map<String, Object> untyped = new HashMap<>(newRoom("no type", "GROUP"));
        untyped.remove("type");

        assertProblem(rest.post("/api/rooms", token, untyped), 400, "BAD_REQUEST");
        Response unknown = rest.post("/api/rooms", token, newRoom("bad type", "NOPE"));
        assertProblem(unknown, 400, "BAD_REQUEST");
        assertThat(unknown.json().path("detail").asString()).contains("type");
    }

    @Test
    void roomWithABlankMemberIdIsRefused() {
        assertProblem(rest.post("/api/rooms", tokenFor(uniqueUser("alice")), newRoom("room", "GROUP", " ")), 400,
                "BAD_REQUEST");
    }

    @Test
    void createWithABodyThatIsNotJsonIsRefused() {
        assertProblem(rest.postRaw("/api/rooms", tokenFor(uniqueUser("alice")), "{\"name\": \"general\""), 400,
                "BAD_REQUEST");
    }

    @Test
    void listShowsOnlyTheCallersRoomsWithLastSeqAndUnreadCount() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long shared = createRoom(alice, bob);
        long alicesOwn = createRoom(alice);
        createRoom(carol);
        RoomFixtures.post(messages, alice, shared, "one", "two");

        JsonNode bobsRooms = rest.get("/api/rooms", tokenFor(bob)).json();
        JsonNode alicesRooms = rest.get("/api/rooms", tokenFor(alice)).json();

        assertThat(bobsRooms.valueStream().map(room -> room.path("id").asLong()).toList()).containsExactly(shared);
        assertThat(bobsRooms.get(0).path("lastSeq").asLong()).isEqualTo(2);
        assertThat(bobsRooms.get(0).path("unreadCount").asLong()).isEqualTo(2);
        assertThat(bobsRooms.get(0).path("myRole").asString()).isEqualTo("MEMBER");
        assertThat(alicesRooms.valueStream().map(room -> room.path("id").asLong()).toList())
                .containsExactly(shared, alicesOwn);
        assertThat(alicesRooms.get(0).path("lastSeq").asLong()).isEqualTo(2);
        assertThat(alicesRooms.get(0).path("unreadCount").asLong()).as("own messages are read").isZero();
    }

    @Test
    void listIsEmptyForAUserInNoRoom() {
        Response response = rest.get("/api/rooms", tokenFor(uniqueUser("loner")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
        assertThat(response.json().size()).isZero();
    }

    @Test
    void memberReadsTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        Response response = rest.get("/api/rooms/" + roomId, tokenFor(bob));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("id").asLong()).isEqualTo(roomId);
        assertThat(response.json().path("name").asString()).isEqualTo("room of " + alice);
    }

    @Test
    void nonMemberCannotReadTheRoom() {
        long roomId = createRoom(uniqueUser("alice"));

        assertProblem(rest.get("/api/rooms/" + roomId, tokenFor(uniqueUser("mallory"))), 404, "NOT_FOUND");
    }

    @Test
    void platformAdminReadsARoomHeIsNotIn() {
        long roomId = createRoom(uniqueUser("alice"));

        Response response = rest.get("/api/rooms/" + roomId, adminTokenFor(uniqueUser("admin")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("id").asLong()).isEqualTo(roomId);
        assertThat(response.json().path("myRole").isNull()).isTrue();
    }

    @Test
    void unknownRoomIsNotFound() {
        assertProblem(rest.get("/api/rooms/" + Long.MAX_VALUE, tokenFor(uniqueUser("alice"))), 404, "NOT_FOUND");
    }

    @Test
    void nonNumericRoomIdIsABadRequest() {
        String token = tokenFor(uniqueUser("alice"));

        assertProblem(rest.get("/api/rooms/abc", token), 400, "BAD_REQUEST");
        assertProblem(rest.patch("/api/rooms/abc", token, Map.of("name", "x")), 400, "BAD_REQUEST");
        assertProblem(rest.delete("/api/rooms/abc", token), 400, "BAD_REQUEST");
    }

    @Test
    void numbersAndBooleansInPathsAndQueriesAreStrict() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        String token = tokenFor(alice);
        assertThat(rest.get("/api/rooms/" + roomId, token).status()).isEqualTo(200);
        String fullwidth = Long.toString(roomId).chars().mapToObj(c -> Character.toString(c - '0' + '０'))
                .collect(Collectors.joining());

        // Each of these named the room before: Spring's conversion trims, decodes hex and reads any Unicode digit.
        for (String spelling : List.of("+" + roomId, "%20" + roomId, "0x" + Long.toHexString(roomId),
                "%23" + Long.toHexString(roomId), URLEncoder.encode(fullwidth, StandardCharsets.UTF_8))) {
            assertProblem(rest.get("/api/rooms/" + spelling, token), 400, "BAD_REQUEST");
            assertProblem(rest.get("/api/rooms/" + spelling + "/messages", token), 400, "BAD_REQUEST");
        }
        assertProblem(rest.get("/api/rooms/" + roomId + "/messages?limit=%2B5", token), 400, "BAD_REQUEST");
        assertThat(rest.get("/api/rooms/" + roomId + "/messages?limit=5", token).status()).isEqualTo(200);
        assertProblem(rest.get("/api/rooms/" + roomId + "/messages?replies=yes", token), 400, "BAD_REQUEST");
        assertThat(rest.get("/api/rooms/" + roomId + "/messages?replies=false", token).status()).isEqualTo(200);
        // A parameter given twice is an array to Spring, which printed it as Java does: [Ljava.lang.String;@1b2c3d.
        Response twice = rest.get("/api/rooms/" + roomId + "/messages?limit=1&limit=2", token);
        assertProblem(twice, 400, "BAD_REQUEST");
        assertThat(twice.json().path("detail").asString()).isEqualTo("invalid value for limit");
        assertThat(rest.get("/api/rooms/abc", token).json().path("detail").asString())
                .isEqualTo("invalid value for roomId");
    }

    @Test
    void ownerRenamesTheRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        Response response = rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", "renamed"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("name").asString()).isEqualTo("renamed");
        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(alice)).json().path("name").asString())
                .isEqualTo("renamed");
    }

    @Test
    void roomAdminRenamesTheRoom() {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice);
        RoomFixtures.addMember(rest, tokenFor(alice), roomId, carol, "ADMIN");

        Response response = rest.patch("/api/rooms/" + roomId, tokenFor(carol), Map.of("name", "by admin"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("name").asString()).isEqualTo("by admin");
    }

    @Test
    void memberCannotRenameTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertProblem(rest.patch("/api/rooms/" + roomId, tokenFor(bob), Map.of("name", "mine")), 403, "FORBIDDEN");
        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(bob)).json().path("name").asString())
                .isEqualTo("room of " + alice);
    }

    @Test
    void nonMemberCannotRenameTheRoom() {
        long roomId = createRoom(uniqueUser("alice"));

        assertProblem(rest.patch("/api/rooms/" + roomId, tokenFor(uniqueUser("mallory")), Map.of("name", "pwned")),
                404, "NOT_FOUND");
    }

    @Test
    void platformAdminRenamesAnyRoom() {
        long roomId = createRoom(uniqueUser("alice"));

        Response response = rest.patch("/api/rooms/" + roomId, adminTokenFor(uniqueUser("admin")),
                Map.of("name", "moderated"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("name").asString()).isEqualTo("moderated");
    }

    @Test
    void renameToABlankNameOrWithoutANameIsRefused() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        assertProblem(rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", " ")), 400, "BAD_REQUEST");
        assertProblem(rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of()), 400, "BAD_REQUEST");
    }

    @Test
    void renameOfAnUnknownRoomIsNotFound() {
        assertProblem(rest.patch("/api/rooms/" + Long.MAX_VALUE, tokenFor(uniqueUser("alice")), Map.of("name", "x")),
                404, "NOT_FOUND");
    }

    @Test
    void ownerDeletesTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        Response response = rest.delete("/api/rooms/" + roomId, tokenFor(alice));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertProblem(rest.get("/api/rooms/" + roomId, tokenFor(alice)), 404, "NOT_FOUND");
        assertThat(rest.get("/api/rooms", tokenFor(bob)).json().size()).isZero();
    }

    @Test
    void roomAdminCannotDeleteTheRoom() {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice);
        RoomFixtures.addMember(rest, tokenFor(alice), roomId, carol, "ADMIN");

        assertProblem(rest.delete("/api/rooms/" + roomId, tokenFor(carol)), 403, "FORBIDDEN");
        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(alice)).status()).isEqualTo(200);
    }

    @Test
    void memberAndNonMemberCannotDeleteTheRoom() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        assertProblem(rest.delete("/api/rooms/" + roomId, tokenFor(bob)), 403, "FORBIDDEN");
        assertProblem(rest.delete("/api/rooms/" + roomId, tokenFor(uniqueUser("mallory"))), 404, "NOT_FOUND");
        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(alice)).status()).isEqualTo(200);
    }

    @Test
    void platformAdminDeletesAnyRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);

        assertThat(rest.delete("/api/rooms/" + roomId, adminTokenFor(uniqueUser("admin"))).status()).isEqualTo(204);
        assertProblem(rest.get("/api/rooms/" + roomId, tokenFor(alice)), 404, "NOT_FOUND");
    }

    @Test
    void deleteOfAnUnknownRoomIsNotFound() {
        assertProblem(rest.delete("/api/rooms/" + Long.MAX_VALUE, tokenFor(uniqueUser("alice"))), 404, "NOT_FOUND");
    }

    private static Map<String, Object> newRoom(String name, String type, String... members) {
        return Map.of("name", name, "type", type, "members", List.of(members));
    }

    @Test
    void nameIsMeasuredAfterTrimming() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        String name = "n".repeat(200);

        Response response = rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", "  " + name + "  "));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("name").asString()).isEqualTo(name);
    }
}
