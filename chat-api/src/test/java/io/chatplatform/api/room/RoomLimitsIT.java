package io.chatplatform.api.room;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code chat.rooms.max-members} and {@code chat.rooms.max-created-rooms}, set low here so a test can reach them. */
@TestPropertySource(properties = {"chat.rooms.max-members=3", "chat.rooms.max-created-rooms=2"})
class RoomLimitsIT extends ChatServerTest {

    private Response createGroup(String owner, String... members) {
        return rest.post("/api/rooms", tokenFor(owner),
                Map.of("name", "group of " + owner, "type", "GROUP", "members", List.of(members)));
    }

    private Response add(long roomId, String byUser, String userId) {
        return rest.post("/api/rooms/" + roomId + "/members", tokenFor(byUser), Map.of("userId", userId));
    }

    @Test
    void aFullRoomTakesNoMoreMembersUntilSomeoneLeaves() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob, uniqueUser("carol"));

        Response refused = add(roomId, alice, uniqueUser("dave"));

        assertProblem(refused, 409, "CONFLICT");
        assertThat(refused.json().path("detail").asString()).contains("full");
        assertProblem(rest.post("/api/rooms/" + roomId + "/members", adminTokenFor(uniqueUser("admin")),
                Map.of("userId", uniqueUser("erin"))), 409, "CONFLICT");
        assertThat(rest.delete("/api/rooms/" + roomId + "/members/" + bob, tokenFor(bob)).status()).isEqualTo(204);
        assertThat(add(roomId, alice, uniqueUser("dave")).status()).isEqualTo(201);
    }

    /** Racing additions for the last place: the room's row lock lets exactly one in. */
    @Test
    void concurrentAdditionsNeverOverfillARoom() throws Exception {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice, uniqueUser("bob"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Response>> additions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                additions.add(CompletableFuture.supplyAsync(() -> add(roomId, alice, uniqueUser("racer")), pool));
            }
            List<Integer> statuses = additions.stream().map(CompletableFuture::join).map(Response::status).toList();

            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
            assertThat(rest.get("/api/rooms/" + roomId + "/members", tokenFor(alice)).json().size()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRoomLargerThanTheLimitCannotBeCreated() {
        String alice = uniqueUser("alice");

        assertProblem(createGroup(alice, uniqueUser("bob"), uniqueUser("carol"), uniqueUser("dave")), 400,
                "BAD_REQUEST");
        assertThat(rest.get("/api/rooms", tokenFor(alice)).json().size()).isZero();
    }

    @Test
    void aUserCreatesNoMoreRoomsThanTheLimitUntilDeletingOne() {
        String alice = uniqueUser("alice");
        long first = createRoom(alice);
        createRoom(alice);

        Response group = createGroup(alice);
        Response direct = rest.post("/api/rooms/direct", tokenFor(alice), Map.of("userId", uniqueUser("bob")));

        assertProblem(group, 409, "CONFLICT");
        assertProblem(direct, 409, "CONFLICT");
        assertThat(rest.get("/api/rooms", tokenFor(alice)).json().size()).isEqualTo(2);
        assertThat(rest.delete("/api/rooms/" + first, tokenFor(alice)).status()).isEqualTo(204);
        assertThat(createGroup(alice).status()).isEqualTo(201);
    }

    /** Leaving hands a room to others but does not free a place: the room was still made by its creator. */
    @Test
    void leavingARoomDoesNotFreeAPlace() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long first = createRoom(alice, bob);
        createRoom(alice);
        rest.delete("/api/rooms/" + first + "/members/" + alice, tokenFor(alice));

        assertProblem(createGroup(alice), 409, "CONFLICT");
    }

    @Test
    void theOtherUserMayStillOpenADirectRoomWithSomeoneAtTheLimit() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        createRoom(alice);
        createRoom(alice);

        Response opened = rest.post("/api/rooms/direct", tokenFor(bob), Map.of("userId", alice));

        assertThat(opened.status()).as("bob creates it, so it counts for bob").isEqualTo(201);
    }

    @Test
    void platformAdminIsNotBoundByTheCreationLimit() {
        String root = uniqueUser("root");
        for (int i = 0; i < 3; i++) {
            assertThat(rest.post("/api/rooms", adminTokenFor(root), Map.of("name", "admin room " + i, "type",
                    "GROUP", "members", List.of())).status()).isEqualTo(201);
        }
    }
}
