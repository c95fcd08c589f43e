package io.chatplatform.api.notification;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/notifications}: one's own list and read marks; sending is for platform ADMINs. */
class NotificationRestIT extends ChatServerTest {

    @Test
    void adminSendsAndTheUserListsThemNewestFirstAndMarksThemRead() {
        String bob = uniqueUser("bob");
        long older = send(bob, "FIRST", Map.of("n", 1)).get(0).path("id").asLong();
        long newer = send(bob, "SECOND", List.of("a")).get(0).path("id").asLong();

        JsonNode all = rest.get("/api/notifications", tokenFor(bob)).json();
        assertThat(all.valueStream().map(n -> n.path("id").asLong())).containsExactly(newer, older);
        assertThat(all.get(1).path("payload").path("n").asInt()).as("payload is JSON").isEqualTo(1);
        assertThat(all.get(1).path("readAt").isNull()).isTrue();

        Response read = rest.post("/api/notifications/" + older + "/read", tokenFor(bob), null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("readAt").asString()).isNotBlank();

        JsonNode unread = rest.get("/api/notifications?unread=true", tokenFor(bob)).json();
        assertThat(unread.valueStream().map(n -> n.path("id").asLong())).containsExactly(newer);
        assertThat(rest.get("/api/notifications?limit=1", tokenFor(bob)).json().size()).isEqualTo(1);
    }

    @Test
    void sendingToSeveralUsersCreatesOneNotificationEach() {
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");

        JsonNode created = send(bob, "HELLO", Map.of(), carol);

        assertThat(created.valueStream().map(n -> n.path("userId").asString())).containsExactly(bob, carol);
        assertThat(rest.get("/api/notifications", tokenFor(carol)).json().size()).isEqualTo(1);
    }

    @Test
    void markingSomeoneElsesOrAnUnknownNotificationReadIsNotFound() {
        long id = send(uniqueUser("bob"), "PRIVATE", Map.of()).get(0).path("id").asLong();
        String mallory = tokenFor(uniqueUser("mallory"));

        assertProblem(rest.post("/api/notifications/" + id + "/read", mallory, null), 404, "NOT_FOUND");
        assertProblem(rest.post("/api/notifications/" + Long.MAX_VALUE + "/read", mallory, null), 404, "NOT_FOUND");
        assertThat(rest.get("/api/notifications", mallory).json().size()).isZero();
    }

    @Test
    void invalidSendsAreBadRequests() {
        String admin = adminTokenFor(uniqueUser("admin"));

        assertProblem(rest.post("/api/notifications", admin, Map.of("userIds", List.of(), "kind", "K",
                "payload", Map.of())), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/notifications", admin, Map.of("userIds", List.of("x"), "payload", Map.of())),
                400, "BAD_REQUEST");
        assertProblem(rest.post("/api/notifications", admin, Map.of("userIds", List.of("x"), "kind", "K")),
                400, "BAD_REQUEST");
        assertProblem(rest.post("/api/notifications", admin, Map.of("userIds", List.of("x"), "kind", "not a kind",
                "payload", Map.of())), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/announcements", admin, Map.of("body", " ")), 400, "BAD_REQUEST");
        assertProblem(rest.get("/api/notifications?limit=0", tokenFor(uniqueUser("bob"))), 400, "BAD_REQUEST");
        // Read as a double, 1e400 is infinite: it was stored, and returned as the text "Infinity".
        Response tooLarge = rest.postRaw("/api/notifications", admin,
                "{\"userIds\":[\"x\"],\"kind\":\"K\",\"payload\":{\"a\":[1e400]}}");
        assertProblem(tooLarge, 400, "BAD_REQUEST");
        assertThat(tooLarge.json().path("detail").asString()).isEqualTo("payload holds a number too large for a double");
    }

    private JsonNode send(String userId, String kind, Object payload, String... moreUserIds) {
        List<String> userIds = new java.util.ArrayList<>(List.of(userId));
        userIds.addAll(List.of(moreUserIds));
        Response response = rest.post("/api/notifications", adminTokenFor(uniqueUser("admin")),
                Map.of("userIds", userIds, "kind", kind, "payload", payload));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }
}
