package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import io.chatplatform.domain.crowd.CrowdLedger;
import io.chatplatform.domain.crowd.CrowdService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Crowd counts on two nodes sharing PostgreSQL and Redis: one count per zone whichever node each walker reports
 * through, exactly one alert and one clear per ADMIN session on every node (and one stored notification per ADMIN),
 * and zone changes made through one node counting on the other at once. Each test puts its zone at a random spot.
 */
@RequiresPostgres
@RequiresRedis
class CrowdClusterIT {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static TokenService tokens;
    static String prefix;
    static RedisClient redis;

    final double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
    final double lng = ThreadLocalRandom.current().nextDouble(-170, 170);
    final List<WsClient> sockets = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        String database = ExternalPostgres.newSchemaUrl();
        prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        // The tests drive the ledger's expiry sweep themselves: a scheduled one running in between would take the
        // transition a test waits for (and publish it).
        nodeA = ClusterNode.start("node-a", database, prefix, "--chat.crowd.sweep-interval=1h");
        nodeB = ClusterNode.start("node-b", database, prefix, "--chat.crowd.sweep-interval=1h");
        tokens = nodeA.getBean(TokenService.class);
        redis = RedisClient.create(ExternalRedis.url());
    }

    @AfterAll
    static void stopNodes() {
        if (redis != null) {
            redis.shutdown();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WsClient::close);
    }

    @Test
    void walkersSplitOverTheNodesCrossAThresholdNeitherShareReachesAndEveryAdminSessionHearsItOnce() {
        String first = user("admin-1");
        String second = user("admin-2");
        List<WsClient> admins = List.of(crowd(nodeA, adminToken(first)), crowd(nodeB, adminToken(first)),
                crowd(nodeB, adminToken(second)));
        long zoneId = createZone(nodeA, 4);
        List<WsClient> walkers = List.of(crowd(nodeA, userToken("a1")), crowd(nodeA, userToken("a2")),
                crowd(nodeB, userToken("b1")), crowd(nodeB, userToken("b2")));

        walkers.forEach(walker -> walker.send(location(lat, lng)));

        for (WsClient admin : admins) {
            assertThat(expectForZone(admin, "CROWD_ALERT", zoneId).path("count").asInt()).isEqualTo(4);
        }
        assertThat(count(nodeA, zoneId)).isEqualTo(4);
        assertThat(count(nodeB, zoneId)).isEqualTo(4);
        for (String admin : List.of(first, second)) {
            await().atMost(WsClient.WAIT).until(() -> storedAlerts(admin, zoneId) >= 1);
        }

        walkers.forEach(walker -> walker.send(location(lat + 1, lng))); // out, sooner than the interval: waits

        for (WsClient admin : admins) {
            expectForZone(admin, "CROWD_CLEARED", zoneId);
        }
        await().atMost(WsClient.WAIT).until(() -> count(nodeA, zoneId) == 0 && count(nodeB, zoneId) == 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> admins.stream()
                .allMatch(admin -> admin.received().stream().noneMatch(frame -> isForZone(frame, zoneId))));
        for (String admin : List.of(first, second)) {
            assertThat(storedAlerts(admin, zoneId)).as("stored alerts of %s", admin).isOne();
        }
    }

    @Test
    void aWalkerWithSessionsOnBothNodesCountsOnce() {
        WsClient admin = crowd(nodeA, adminToken(user("admin")));
        long zoneId = createZone(nodeA, 2);
        String walker = user("twice");
        crowd(nodeA, token(walker, Role.USER)).send(location(lat, lng));
        crowd(nodeB, token(walker, Role.USER)).send(location(lat, lng));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> count(nodeB, zoneId) == 1);
        assertThat(admin.received("CROWD_ALERT")).isEmpty();

        crowd(nodeB, userToken("other")).send(location(lat, lng));
        assertThat(expectForZone(admin, "CROWD_ALERT", zoneId).path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aZoneCreatedThroughOneNodeAlertsForWalkersOnTheOther() {
        WsClient adminOnB = crowd(nodeB, adminToken(user("admin")));
        WsClient early = crowd(nodeB, userToken("early"));
        early.send(location(lat, lng)); // before the zone exists: counted by the zone's creation on node A
        early.send(Map.of("type", "PING"));
        early.expect("PONG"); // frames of a session are handled in order: the position is placed

        long zoneId = createZone(nodeA, 2);
        await().atMost(WsClient.WAIT).until(() -> count(nodeB, zoneId) == 1);
        crowd(nodeB, userToken("late")).send(location(lat, lng)); // node B learns of the zone from this position

        assertThat(expectForZone(adminOnB, "CROWD_ALERT", zoneId).path("count").asInt()).isEqualTo(2);
        assertThat(count(nodeA, zoneId)).isEqualTo(2);
    }

    /**
     * Node B still counts with the zones it had when a zone was created or moved through node A. Its walker's next
     * position must not be placed with that stale copy: it took the walker out of the new zone (CLEARED, then
     * ALERT again once B reloaded) and back into the moved one (an alert where nobody stands). Found by a review,
     * 8 rounds in 9.
     */
    @Test
    void zonesChangedThroughOneNodeDoNotFlapWhenAWalkerOnTheOtherReportsAgain() {
        WsClient adminOnA = crowd(nodeA, adminToken(user("admin")));
        String walkerId = user("walker");
        WsClient walker = crowd(nodeB, token(walkerId, Role.USER));
        walker.send(location(lat, lng));
        await().atMost(WsClient.WAIT).until(() -> positionOf(walkerId) != null);

        long zoneId = createZone(nodeA, 1);
        assertThat(expectForZone(adminOnA, "CROWD_ALERT", zoneId).path("count").asInt()).isOne();
        walker.send(location(lat, lng)); // the same spot, through node B, whose zones predate the new one
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() ->
                adminOnA.received().stream().noneMatch(frame -> isForZone(frame, zoneId)));
        assertThat(count(nodeB, zoneId)).isOne();

        RestApi.Response moved = new RestApi(port(nodeA)).patch("/api/crowd/zones/" + zoneId,
                adminToken(user("root")), Map.of("lat", lat + 0.05)); // about 5.5 km north: nobody there
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        assertThat(expectForZone(adminOnA, "CROWD_CLEARED", zoneId).path("count").asInt()).isZero();
        walker.send(location(lat, lng + 0.0001));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() ->
                adminOnA.received().stream().noneMatch(frame -> isForZone(frame, zoneId)));
        assertThat(count(nodeB, zoneId)).isZero();
    }

    /**
     * A zone's alert decided on node B and its clear decided on node A a moment later: the ledger numbers them one
     * after the other, and node A's ADMIN gets the alert first although A's own clear was ready first and the alert
     * came over Redis. (A review saw CLEARED before ALERT on the deciding node in 12 of 22 such pairs.)
     */
    @Test
    void aZonesAlertAndClearDecidedOnTwoNodesReachEveryAdminInTheOrderDecided() {
        long zoneId = createZone(nodeA, 1);
        WsClient adminOnA = crowd(nodeA, adminToken(user("admin")));
        WsClient adminOnB = crowd(nodeB, adminToken(user("admin")));
        String walker = user("walker");
        long now = System.currentTimeMillis();

        CrowdLedger.Transition alert = nodeB.getBean(CrowdLedger.class)
                .place(walker, lat, lng, now, List.of(zoneId)).transitions().get(0);
        CrowdLedger.Transition clear = nodeA.getBean(CrowdLedger.class)
                .place(walker, lat + 1, lng, now, List.of()).transitions().get(0);
        assertThat(List.of(alert.raised(), clear.raised())).containsExactly(true, false);
        assertThat(clear.zoneSeq()).as("numbered per zone, consecutively").isEqualTo(alert.zoneSeq() + 1);

        // Each node publishes what it decided, as its counts do: node A's clear is ready first.
        nodeA.publishEvent(new CrowdAlertCleared(zoneId, clear.count(), clear.zoneSeq()));
        nodeB.publishEvent(new CrowdAlertRaised(zoneId, alert.count(), alert.threshold(), alert.zoneSeq()));

        for (WsClient admin : List.of(adminOnA, adminOnB)) {
            await().atMost(WsClient.WAIT).until(() -> zoneFrames(admin, zoneId).size() == 2);
            assertThat(zoneFrames(admin, zoneId)).containsExactly("CROWD_ALERT", "CROWD_CLEARED");
        }
        nodeA.getBean(CrowdLedger.class).acknowledge(alert.id());
        nodeA.getBean(CrowdLedger.class).acknowledge(clear.id());
    }

    /**
     * Redis restarted without its data: the ledger has no zones and no positions. The next position a node places
     * gives the ledger the stored zones again, so counting goes on. (A review saw both nodes report 0 for as long
     * as it watched, until someone changed a zone.) The other tests' zones come back too: all are stored.
     */
    @Test
    void countingGoesOnAfterRedisLostTheLedger() {
        long zoneId = createZone(nodeA, 5);
        WsClient walker = crowd(nodeB, userToken("walker"));
        walker.send(location(lat, lng));
        await().atMost(WsClient.WAIT).until(() -> count(nodeB, zoneId) == 1);

        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            List<String> keys = connection.sync().keys("{" + prefix + ":crowd}:*");
            assertThat(keys).isNotEmpty();
            connection.sync().del(keys.toArray(String[]::new));
        }
        assertThat(count(nodeA, zoneId)).isZero();

        walker.send(location(lat, lng + 0.0001));
        await().atMost(WsClient.WAIT).until(() -> count(nodeA, zoneId) == 1 && count(nodeB, zoneId) == 1);
    }

    @Test
    void aZoneDeletedThroughOneNodeStopsAlertingOnTheOther() {
        WsClient adminOnA = crowd(nodeA, adminToken(user("admin")));
        long zoneId = createZone(nodeA, 1);
        WsClient walker = crowd(nodeA, userToken("walker"));
        walker.send(location(lat, lng));
        expectForZone(adminOnA, "CROWD_ALERT", zoneId);

        RestApi.Response deleted = new RestApi(port(nodeB)).delete("/api/crowd/zones/" + zoneId,
                adminToken(user("root")));
        assertThat(deleted.status()).isEqualTo(204);

        assertThat(expectForZone(adminOnA, "CROWD_CLEARED", zoneId).path("count").asInt()).isZero();
        // Node A still had the zone when this position came: the shared count refuses the deleted zone.
        walker.send(location(lat + 0.0001, lng));
        WsClient another = crowd(nodeA, userToken("another"));
        another.send(location(lat, lng));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() ->
                adminOnA.received().stream().noneMatch(frame -> isForZone(frame, zoneId)));
        assertThat(new RestApi(port(nodeA)).get("/api/crowd/zones", adminToken(user("root"))).json().valueStream()
                .map(zone -> zone.path("id").asLong())).doesNotContain(zoneId);
    }

    @Test
    void twoNodesCountingTheSameCrossingAtOnceRaiseOneAlert() throws Exception {
        long zoneId = createZone(nodeA, 40);
        CrowdLedger onA = nodeA.getBean(CrowdLedger.class);
        CrowdLedger onB = nodeB.getBean(CrowdLedger.class);
        long now = System.currentTimeMillis();
        List<CrowdLedger.Transition> transitions = new CopyOnWriteArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 80; i++) { // 80 walkers over both nodes; the 40th one in crosses
                CrowdLedger ledger = i % 2 == 0 ? onA : onB;
                String walker = user("walker-" + i);
                done.add(pool.submit(() -> transitions.addAll(
                        ledger.place(walker, lat, lng, now, List.of(zoneId)).transitions())));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(transitions).singleElement().satisfies(transition -> {
            assertThat(transition.raised()).isTrue();
            assertThat(transition.count()).isEqualTo(40);
        });
        assertThat(onB.count(zoneId)).isEqualTo(80);
    }

    @Test
    void positionsOfANodeThatStoppedExpireAfterTheTtlOnTheNodesLeft() {
        WsClient admin = crowd(nodeA, adminToken(user("admin")));
        long zoneId = createZone(nodeA, 2);
        CrowdLedger ofTheStoppedNode = nodeB.getBean(CrowdLedger.class);
        long placed = System.currentTimeMillis() - Duration.ofMinutes(3).toMillis(); // its last report
        ofTheStoppedNode.place(user("gone-1"), lat, lng, placed, List.of(zoneId));
        ofTheStoppedNode.place(user("gone-2"), lat, lng, placed, List.of(zoneId));
        assertThat(count(nodeA, zoneId)).isEqualTo(2);

        // What node A's sweep does every chat.crowd.sweep-interval, with the default TTL of 2 minutes:
        CrowdLedger.Result swept = nodeA.getBean(CrowdLedger.class)
                .expire(System.currentTimeMillis() - Duration.ofMinutes(2).toMillis());

        assertThat(swept.removed()).isGreaterThanOrEqualTo(2);
        assertThat(swept.transitions()).as("cleared once, as the first of the two leaves (threshold 2 clears at 1)")
                .filteredOn(transition -> transition.zoneId() == zoneId)
                .singleElement().satisfies(transition -> {
                    assertThat(transition.raised()).isFalse();
                    assertThat(transition.count()).isEqualTo(1);
                    assertThat(transition.threshold()).isEqualTo(2);
                });
        assertThat(count(nodeA, zoneId)).isZero();
        assertThat(count(nodeB, zoneId)).isZero();
        // Only this zone's: the walkers of an earlier test leave their zones as their sockets close, published.
        assertThat(admin.received("CROWD_CLEARED")).as("the test called the ledger; nobody published")
                .noneMatch(frame -> isForZone(frame, zoneId));
    }

    @Test
    void anAlertTheNodeThatGotItNeverPublishedIsPublishedOnceByTheSweepOfAnotherNode() {
        String first = user("admin-1");
        String second = user("admin-2");
        List<WsClient> admins = List.of(crowd(nodeA, adminToken(first)), crowd(nodeB, adminToken(first)),
                crowd(nodeB, adminToken(second)));
        long zoneId = createZone(nodeA, 2);
        CrowdLedger ofTheDyingNode = nodeB.getBean(CrowdLedger.class);
        long now = System.currentTimeMillis();
        ofTheDyingNode.place(user("walker-1"), lat, lng, now, List.of(zoneId));
        // Node B gets the raise from Redis, then dies before publishing it (the test called the ledger).
        assertThat(ofTheDyingNode.place(user("walker-2"), lat, lng, now, List.of(zoneId)).transitions())
                .singleElement().satisfies(transition -> assertThat(transition.raised()).isTrue());
        CrowdService onA = nodeA.getBean(CrowdService.class);
        onA.sweep(Instant.now()); // within the grace period: node B may still be publishing
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> admins.stream()
                .allMatch(admin -> admin.received().stream().noneMatch(frame -> isForZone(frame, zoneId))));

        // Node A's sweep once the grace period (chat.crowd.redeliver-after, 5 s) is over, twice over:
        Instant later = Instant.now().plus(Duration.ofSeconds(6));
        onA.sweep(later);
        for (WsClient admin : admins) {
            assertThat(expectForZone(admin, "CROWD_ALERT", zoneId).path("count").asInt()).isEqualTo(2);
        }
        for (String admin : List.of(first, second)) {
            await().atMost(WsClient.WAIT).until(() -> storedAlerts(admin, zoneId) >= 1);
        }
        onA.sweep(later.plus(Duration.ofSeconds(6)));
        nodeB.getBean(CrowdService.class).sweep(later.plus(Duration.ofSeconds(6)));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> admins.stream()
                .allMatch(admin -> admin.received().stream().noneMatch(frame -> isForZone(frame, zoneId))));
        for (String admin : List.of(first, second)) {
            assertThat(storedAlerts(admin, zoneId)).as("stored alerts of %s", admin).isOne();
        }
    }

    @Test
    void anAlertPublishedAndAcknowledgedIsNotPublishedAgainByALaterSweep() {
        String adminId = user("admin");
        List<WsClient> admins = List.of(crowd(nodeA, adminToken(adminId)), crowd(nodeB, adminToken(adminId)));
        long zoneId = createZone(nodeA, 1);
        crowd(nodeB, userToken("walker")).send(location(lat, lng));
        for (WsClient admin : admins) {
            expectForZone(admin, "CROWD_ALERT", zoneId);
        }
        await().atMost(WsClient.WAIT).until(() -> storedAlerts(adminId, zoneId) == 1);
        await().atMost(WsClient.WAIT).until(() -> !pendingForZone(zoneId)); // node B acknowledged it

        Instant later = Instant.now().plus(Duration.ofSeconds(6)); // past the grace period
        nodeA.getBean(CrowdService.class).sweep(later);
        nodeB.getBean(CrowdService.class).sweep(later);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> admins.stream()
                .allMatch(admin -> admin.received().stream().noneMatch(frame -> isForZone(frame, zoneId))));
        assertThat(storedAlerts(adminId, zoneId)).isOne();
    }

    @Test
    void aTransitionWhosePublishingKeepsFailingIsGivenUpAfterTenDeliveries() {
        long zoneId = createZone(nodeA, 1);
        CrowdLedger onB = nodeB.getBean(CrowdLedger.class);
        CrowdLedger onA = nodeA.getBean(CrowdLedger.class);
        assertThat(onB.place(user("walker"), lat, lng, System.currentTimeMillis(), List.of(zoneId)).transitions())
                .hasSize(1); // delivery 1, never acknowledged: as if every publish failed

        long farLater = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        for (int delivery = 2; delivery <= 10; delivery++) {
            assertThat(onA.reclaim(farLater).transitions()).as("delivery %s", delivery)
                    .filteredOn(transition -> transition.zoneId() == zoneId).hasSize(1);
        }
        assertThat(onA.reclaim(farLater).transitions()).filteredOn(transition -> transition.zoneId() == zoneId)
                .isEmpty();
        assertThat(pendingForZone(zoneId)).isFalse();
    }

    /** Whether a transition of the zone is still pending (not acknowledged), read from Redis. */
    /** Where the ledger has this user, or null. */
    private static String positionOf(String userId) {
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            return connection.sync().hget("{" + prefix + ":crowd}:pos", userId);
        }
    }

    private static boolean pendingForZone(long zoneId) {
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            return connection.sync().hvals("{" + prefix + ":crowd}:pending").stream()
                    .anyMatch(pending -> pending.split(" ")[1].equals(Long.toString(zoneId)));
        }
    }

    private long createZone(ConfigurableApplicationContext node, int threshold) {
        RestApi.Response response = new RestApi(port(node)).post("/api/crowd/zones", adminToken(user("root")),
                Map.of("name", "zone at " + lat + "," + lng, "lat", lat, "lng", lng, "radiusMeters", 50,
                        "threshold", threshold));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().path("id").asLong();
    }

    private static int count(ConfigurableApplicationContext node, long zoneId) {
        RestApi.Response response = new RestApi(port(node)).get("/api/crowd/zones/" + zoneId,
                adminToken(user("root")));
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("count").asInt();
    }

    private static long storedAlerts(String admin, long zoneId) {
        return new RestApi(port(nodeB)).get("/api/notifications", adminToken(admin)).json().valueStream()
                .filter(stored -> "CROWD_ALERT".equals(stored.path("kind").asString())
                        && stored.path("payload").path("zoneId").asLong() == zoneId)
                .count();
    }

    private WsClient crowd(ConfigurableApplicationContext node, String token) {
        WsClient client = WsClient.connect(URI.create("ws://localhost:" + port(node) + "/ws/crowd/location"),
                Map.of("Authorization", "Bearer " + token));
        sockets.add(client);
        client.expect("READY");
        return client;
    }

    private static Map<String, Object> location(double lat, double lng) {
        return Map.of("type", "LOCATION", "lat", lat, "lng", lng);
    }

    private static JsonNode expectForZone(WsClient socket, String type, long zoneId) {
        return socket.expect(frame -> type.equals(frame.path("type").asString()) && isForZone(frame, zoneId),
                type + " for zone " + zoneId);
    }

    /** The types of the frames about the zone the socket has received, in the order they came. */
    private static List<String> zoneFrames(WsClient socket, long zoneId) {
        return socket.received().stream().filter(frame -> isForZone(frame, zoneId))
                .map(frame -> frame.path("type").asString()).toList();
    }

    private static boolean isForZone(JsonNode frame, long zoneId) {
        return frame.path("zoneId").asLong() == zoneId;
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String userToken(String name) {
        return token(user(name), Role.USER);
    }

    private static String adminToken(String userId) {
        return token(userId, Role.ADMIN);
    }

    private static String token(String userId, Role role) {
        return tokens.issue(new Actor(userId, role)).accessToken();
    }
}
