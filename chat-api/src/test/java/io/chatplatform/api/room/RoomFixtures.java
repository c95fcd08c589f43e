package io.chatplatform.api.room;

import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.RestApi;
import java.util.Map;
import java.util.UUID;

/** Set-up steps the room tests share: adding a member over REST and posting messages straight to the domain. */
final class RoomFixtures {

    private RoomFixtures() {
    }

    /** Adds {@code userId} with {@code role} through the API, failing the set-up if that is refused. */
    static void addMember(RestApi rest, String token, long roomId, String userId, String role) {
        RestApi.Response response = rest.post("/api/rooms/" + roomId + "/members", token,
                Map.of("userId", userId, "role", role));
        if (response.status() != 201) {
            throw new IllegalStateException("adding " + userId + " failed: " + response);
        }
    }

    /** Posts the bodies in order as {@code sender}; they get the room's next seq numbers. */
    static void post(Posting messages, String sender, long roomId, String... bodies) {
        for (String body : bodies) {
            messages.post(new Actor(sender, Role.USER), roomId, UUID.randomUUID().toString(), body);
        }
    }
}
