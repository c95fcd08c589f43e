package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /ws/crowd/location}: positions in, alerts out to ADMIN sessions only. Every test puts its zone at a
 * random spot of its own, so tests sharing the server never count each other's users.
 */
class CrowdWebSocketIT extends ChatServerTest {

    @Autowired
    UserService users;

    final double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
    final double lng = ThreadLocalRandom.current().nextDouble(-170, 170);

    @Test
    void adminHearsTheAlertWhenTheThirdUserWalksInAndTheClearWhenOneWalksOut() {
        WsClient admin = crowd(adminTokenFor(uniqueUser("admin")));
        long zoneId = createZone(3);
        List<WsClient> walkers = List.of(crowd(tokenFor(uniqueUser("u1"))), crowd(tokenFor(uniqueUser("u2"))),
                crowd(tokenFor(uniqueUser("u3"))));

        for (WsClient walker : walkers) {
            walker.send(location(lat, lng));
        }

        JsonNode alert = expectForZone(admin, "CROWD_ALERT", zoneId);
        assertThat(alert.path("count").asInt()).isEqualTo(3);
        assertThat(alert.path("threshold").asInt()).isEqualTo(3);
        assertThat(zone(zoneId).path("count").asInt()).isEqualTo(3);

        walkers.get(2).send(location(lat + 1, lng)); // sooner than the minimum interval: waits, is not dropped
        assertThat(expectForZone(admin, "CROWD_CLEARED", zoneId).path("count").asInt()).isEqualTo(2);
        assertThat(walkers.get(2).received("ERROR")).isEmpty();
        for (WsClient walker : walkers) {
            assertThat(walker.received("CROWD_ALERT")).isEmpty();
            assertThat(walker.received("CROWD_CLEARED")).isEmpty();
        }
    }

    @Test
    void userSessionOnTheCrowdEndpointReceivesNeitherAlertsNorClears() {
        WsClient admin = crowd(adminTokenFor(uniqueUser("admin")));
        WsClient watcher = crowd(tokenFor(uniqueUser("watcher")));
        long zoneId = createZone(1);
        WsClient walker = crowd(tokenFor(uniqueUser("walker")));

        walker.send(location(lat, lng));
        expectForZone(admin, "CROWD_ALERT", zoneId);
        walker.close(); // the last location session of the user: forgotten at once
        expectForZone(admin, "CROWD_CLEARED", zoneId);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                watcher.received("CROWD_ALERT").isEmpty() && watcher.received("CROWD_CLEARED").isEmpty());
        assertThat(zone(zoneId).path("count").asInt()).isZero();
    }

    @Test
    void invalidCoordinatesAreRefusedAndTheConnectionStaysOpen() {
        WsClient socket = crowd(tokenFor(uniqueUser("alice")));

        for (Map<String, Object> bad : List.of(location(91, 0), location(0, -180.5), frame("type", "LOCATION",
                "lat", 10, "lng", "x"), frame("type", "LOCATION", "lat", 10), frame("type", "LOCATION", "lat", true,
                "lng", 1))) {
            socket.send(bad);
            JsonNode error = socket.expect("ERROR");
            assertThat(error.path("code").asString()).as("answer to %s", bad).isEqualTo("BAD_REQUEST");
            assertThat(error.path("ref").asString()).isEqualTo("LOCATION");
        }
        socket.send("{\"type\":\"LOCATION\",\"lat\":1e999,\"lng\":0}");
        assertThat(socket.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");

        socket.send("{\"type\":\"LOCATION\",\"lat\":-90,\"lng\":180}");
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
        assertThat(socket.isClosed()).isFalse();
        assertThat(socket.received("ERROR")).as("an integer position on the edge is fine").isEmpty();
    }

    @Test
    void walkersWhoLeaveSoonerThanTheMinimumIntervalAreCountedOutWhenItEnds() {
        WsClient admin = crowd(adminTokenFor(uniqueUser("admin")));
        long zoneId = createZone(3);
        List<WsClient> walkers = List.of(crowd(tokenFor(uniqueUser("w1"))), crowd(tokenFor(uniqueUser("w2"))),
                crowd(tokenFor(uniqueUser("w3"))));
        for (WsClient walker : walkers) {
            walker.send(location(lat, lng));
        }
        expectForZone(admin, "CROWD_ALERT", zoneId);

        // They stay 300 ms, less than chat.crowd.min-update-interval (1 s): their way out waits, the latest wins.
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        for (WsClient walker : walkers) {
            walker.send(location(lat + 0.5, lng));
            walker.send(location(lat + 1, lng));
        }

        expectForZone(admin, "CROWD_CLEARED", zoneId);
        await().atMost(WsClient.WAIT).until(() -> zone(zoneId).path("count").asInt() == 0);
        for (WsClient walker : walkers) {
            assertThat(walker.received("ERROR")).as("nothing refused").isEmpty();
        }
        assertThat(admin.received().stream().filter(frame -> isForZone(frame, zoneId))).as("no second alert or clear")
                .isEmpty();
    }

    @Test
    void anOutOfRangeLatitudeRightAfterAPositionIsABadRequestNotARateLimit() {
        WsClient socket = crowd(tokenFor(uniqueUser("eager")));

        socket.send(location(lat, lng));
        socket.send(location(90.5, lng));

        JsonNode error = socket.expect("ERROR");
        assertThat(error.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.path("ref").asString()).isEqualTo("LOCATION");
    }

    @Test
    void storedCrowdAlertReachesTheAdminsNotifySessionAndWaitsForKnownAdmins() {
        String knownAdmin = uniqueUser("root"); // a local ADMIN account, as the admin command creates, not connected
        users.createAdmin(knownAdmin, "correct horse battery");
        String admin = uniqueUser("admin");
        WsClient adminNotify = notify(adminTokenFor(admin));
        long zoneId = createZone(1);

        crowd(tokenFor(uniqueUser("walker"))).send(location(lat, lng));

        JsonNode notification = adminNotify.expect(frame -> "NOTIFICATION".equals(frame.path("type").asString())
                && "CROWD_ALERT".equals(frame.path("kind").asString())
                && frame.path("payload").path("zoneId").asLong() == zoneId, "a CROWD_ALERT notification");
        JsonNode payload = notification.path("payload");
        assertThat(payload.path("count").asInt()).isEqualTo(1);
        assertThat(payload.path("threshold").asInt()).isEqualTo(1);
        assertThat(payload.path("zoneName").asString()).startsWith("zone at");
        await().atMost(WsClient.WAIT).until(() -> rest.get("/api/notifications?unread=true", adminTokenFor(knownAdmin))
                .json().valueStream().anyMatch(stored -> stored.path("payload").path("zoneId").asLong() == zoneId));
    }

    private long createZone(int threshold) {
        RestApi.Response response = rest.post("/api/crowd/zones", adminTokenFor(uniqueUser("admin")),
                Map.of("name", "zone at " + lat + "," + lng, "lat", lat, "lng", lng, "radiusMeters", 50,
                        "threshold", threshold));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().path("id").asLong();
    }

    private JsonNode zone(long zoneId) {
        RestApi.Response response = rest.get("/api/crowd/zones/" + zoneId, adminTokenFor(uniqueUser("admin")));
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private WsClient crowd(String token) {
        return open("/ws/crowd/location", token);
    }

    private WsClient notify(String token) {
        return open("/ws/notify", token);
    }

    private WsClient open(String path, String token) {
        WsClient client = track(WsClient.connect(wsUri(path), Map.of("Authorization", "Bearer " + token)));
        client.expect("READY");
        return client;
    }

    private static Map<String, Object> location(double lat, double lng) {
        return frame("type", "LOCATION", "lat", lat, "lng", lng);
    }

    private static JsonNode expectForZone(WsClient socket, String type, long zoneId) {
        return socket.expect(frame -> type.equals(frame.path("type").asString()) && isForZone(frame, zoneId),
                type + " for zone " + zoneId);
    }

    private static boolean isForZone(JsonNode frame, long zoneId) {
        return frame.path("zoneId").asLong() == zoneId;
    }
}
