package io.chatplatform.api.push;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.PushServiceStandIn;
import io.chatplatform.testing.PushServiceStandIn.Answer;
import io.chatplatform.testing.PushServiceStandIn.Push;
import io.chatplatform.testing.PushServiceStandIn.Subscription;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Web Push end to end: the real server pushes to a push-service stand-in on 127.0.0.1 (admitted by
 * {@code chat.push.allowed-hosts} in application-test.yml), which checks VAPID and decrypts like a browser.
 */
class PushIT extends ChatServerTest {

    private final PushServiceStandIn pushService = new PushServiceStandIn();

    @AfterEach
    void stopPushService() {
        pushService.close();
    }

    @Test
    void offlineDirectMessageIsPushedOncePerSubscriptionEncryptedForEachBrowser() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Subscription laptop = subscribe(bob, pushService.subscribe(), true);
        Subscription phone = subscribe(bob, pushService.subscribe(), true);
        long roomId = directRoom(alice, bob);

        WsClient aliceChat = chat(alice);
        aliceChat.send(sendFrame(roomId, "dm1", "lunch at noon?"));
        long messageId = aliceChat.expect("ACK").path("messageId").asLong();

        String vapidKey = rest.get("/api/push/vapid-public-key", tokenFor(bob)).json().path("publicKey").asString();
        for (Subscription device : List.of(laptop, phone)) {
            Push push = awaitPush(device, "DIRECT_MESSAGE");
            assertThat(push.valid()).as(push.problem()).isTrue();
            assertThat(push.problem()).isEqualTo("ok vapid k=" + vapidKey);
            assertThat(push.headers()).containsEntry("Urgency", "high").containsKey("TTL");
            assertThat(Long.parseLong(push.headers().get("TTL"))).isPositive();
            assertThat(push.payload().path("kind").asString()).isEqualTo("DIRECT_MESSAGE");
            assertThat(push.payload().path("roomId").asLong()).isEqualTo(roomId);
            assertThat(push.payload().path("messageId").asLong()).isEqualTo(messageId);
            assertThat(push.payload().path("from").asString()).isEqualTo(alice);
            assertThat(push.payload().path("excerpt").asString()).isEqualTo("lunch at noon?");
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                pushes(laptop, "DIRECT_MESSAGE").size() == 1 && pushes(phone, "DIRECT_MESSAGE").size() == 1);
    }

    @Test
    void userWithAnOpenChatSocketGetsNoPush() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Subscription device = subscribe(bob, pushService.subscribe(), true);
        chat(bob); // before the rooms, whose ROOM_ADDED notifications would be pushed to an offline bob
        long direct = directRoom(alice, bob);
        long group = rest.post("/api/rooms", tokenFor(alice), Map.of("name", "g", "type", "GROUP",
                "members", List.of(bob))).json().path("id").asLong();

        WsClient aliceChat = chat(alice);
        aliceChat.send(sendFrame(direct, "dm1", "you there?"));
        aliceChat.expect("ACK");
        aliceChat.send(sendFrame(group, "m1", "hey @" + bob));
        aliceChat.expect("ACK");

        // The mention is stored (bob reads it later) but not pushed: bob is looking at the chat.
        await().atMost(Duration.ofSeconds(10)).until(() -> rest.get("/api/notifications", tokenFor(bob)).json()
                .findValues("kind").stream().anyMatch(kind -> kind.asString().equals("MENTION")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> pushService.received(device).isEmpty());
    }

    /** A URL's scheme and host are case-insensitive; such a subscription was accepted and then never pushed to. */
    @Test
    void anEndpointSpelledInCapitalsIsPushedToo() {
        String bob = uniqueUser("bob");
        Subscription browser = pushService.subscribe();
        Map<String, Object> body = new HashMap<>(browser.toJson());
        body.put("endpoint", browser.endpoint().replace("http://", "HTTP://"));
        body.put("previews", true);
        assertThat(rest.post("/api/push/subscriptions", tokenFor(bob), body).status()).isEqualTo(201);

        notifyByAdmin(bob);

        Push push = awaitPushes(browser, 1).get(0);
        assertThat(push.valid()).as("VAPID aud is the origin in lower case: %s", push.problem()).isTrue();
    }

    @Test
    void subscriptionThePushServiceCallsGoneIsRemoved() {
        String bob = uniqueUser("bob");
        Subscription device = subscribe(bob, pushService.subscribe(), true);
        pushService.answer(device, new Answer(410, null));

        notifyByAdmin(bob);

        awaitPushes(device, 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                rest.get("/api/push/subscriptions", tokenFor(bob)).json().isEmpty());
    }

    @Test
    void pushIsRetriedOnTooManyRequestsAndServerErrorsThenDelivered() {
        String bob = uniqueUser("bob");
        Subscription device = subscribe(bob, pushService.subscribe(), true);
        pushService.answer(device, new Answer(429, "1"), new Answer(503, null));

        notifyByAdmin(bob);

        List<Push> attempts = awaitPushes(device, 3);
        assertThat(attempts).extracting(Push::status).containsExactly(429, 503, 201);
        // Retry-After: 1 is honoured: the second attempt comes no sooner (a lower bound only, safe under load).
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
        assertThat(attempts).allSatisfy(push -> {
            assertThat(push.valid()).as(push.problem()).isTrue();
            assertThat(push.payload().path("kind").asString()).isEqualTo("TEST_KIND");
            assertThat(push.payload().path("payload").path("text").asString()).isEqualTo("hello");
            assertThat(push.headers()).containsEntry("Urgency", "normal");
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> pushService.received(device).size() == 3);
        assertThat(rest.get("/api/push/subscriptions", tokenFor(bob)).json().size()).isEqualTo(1);
    }

    @Test
    void endpointOfAPushServiceNotAllowedIsRefused() {
        String token = tokenFor(uniqueUser("mallory"));
        Subscription browser = pushService.subscribe();
        for (String endpoint : List.of("https://evil.example/push/1", "http://push.example.com/push/1",
                "http://169.254.169.254/latest/meta-data", "https://127.0.0.1/push/1", "ftp://127.0.0.1/x",
                "http://user@127.0.0.1/push", "/relative/push", "not a url")) {
            Map<String, Object> body = new HashMap<>(browser.toJson());
            body.put("endpoint", endpoint);
            Response refused = rest.post("/api/push/subscriptions", token, body);
            assertThat(refused.isProblem()).as(endpoint).isTrue();
            assertProblem(refused, 400, "BAD_REQUEST");
        }
        assertThat(rest.get("/api/push/subscriptions", token).json().size()).isZero();
    }

    @Test
    void malformedKeysAreRefused() {
        String token = tokenFor(uniqueUser("mallory"));
        Map<String, Object> body = new HashMap<>(pushService.subscribe().toJson());
        byte[] offCurve = new byte[65];
        offCurve[0] = 4;
        offCurve[64] = 1;
        body.put("keys", Map.of("p256dh", Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve),
                "auth", "AAAAAAAAAAAAAAAAAAAAAA"));
        assertProblem(rest.post("/api/push/subscriptions", token, body), 400, "BAD_REQUEST");
        body.put("keys", Map.of("p256dh", "short", "auth", "AAAAAAAAAAAAAAAAAAAAAA"));
        assertProblem(rest.post("/api/push/subscriptions", token, body), 400, "BAD_REQUEST");
        body.remove("keys");
        assertProblem(rest.post("/api/push/subscriptions", token, body), 400, "BAD_REQUEST");
    }

    @Test
    void withPreviewsOffThePushCarriesNeitherSenderNorText() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        Subscription device = subscribe(bob, pushService.subscribe(), false);
        long roomId = directRoom(alice, bob);

        WsClient aliceChat = chat(alice);
        aliceChat.send(sendFrame(roomId, "dm1", "the secret plan"));
        aliceChat.expect("ACK");

        Push push = awaitPush(device, "DIRECT_MESSAGE");
        assertThat(push.payload().path("roomId").asLong()).isEqualTo(roomId);
        assertThat(push.payload().has("excerpt")).isFalse();
        assertThat(push.payload().has("from")).isFalse();
        assertThat(push.payload().toString()).doesNotContain("secret").doesNotContain(alice);
    }

    @Test
    void concurrentFirstSubscribesOfOneEndpointConvergeOnOneRow() throws Exception {
        String bob = uniqueUser("bob");
        String token = tokenFor(bob);
        int browsers = 4;
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < browsers; round++) {
                Map<String, Object> body = pushService.subscribe().toJson();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> posts = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    posts.add(pool.submit(() -> {
                        start.await();
                        return rest.post("/api/push/subscriptions", token, body);
                    }));
                }
                start.countDown();
                for (Future<Response> post : posts) {
                    Response answer = post.get(30, TimeUnit.SECONDS);
                    assertThat(answer.status()).as(answer.body()).isIn(201, 409);
                    if (answer.status() == 409) {
                        assertProblem(answer, 409, "CONFLICT");
                    }
                }
                long rows = StreamSupport.stream(rest.get("/api/push/subscriptions", token).json().spliterator(), false)
                        .filter(row -> row.path("endpoint").asString().equals(body.get("endpoint")))
                        .count();
                assertThat(rows).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rest.get("/api/push/subscriptions", token).json().size()).isEqualTo(browsers);
    }

    @Test
    void ownerDeletesTheirSubscriptionAndNobodyElseCan() {
        String bob = uniqueUser("bob");
        String mallory = uniqueUser("mallory");
        Subscription device = subscribe(bob, pushService.subscribe(), true);
        String query = "/api/push/subscriptions?endpoint=" + URLEncoder.encode(device.endpoint(), StandardCharsets.UTF_8);

        assertProblem(rest.delete(query, tokenFor(mallory)), 404, "NOT_FOUND");
        assertThat(rest.get("/api/push/subscriptions", tokenFor(bob)).json().size()).isEqualTo(1);

        assertThat(rest.delete(query, tokenFor(bob)).status()).isEqualTo(204);
        assertThat(rest.get("/api/push/subscriptions", tokenFor(bob)).json().size()).isZero();
        assertProblem(rest.delete(query, tokenFor(bob)), 404, "NOT_FOUND");

        notifyByAdmin(bob);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> pushService.received(device).isEmpty());
    }

    @Test
    void deleteTakesTheSubscriptionAsBodyToo() {
        String bob = uniqueUser("bob");
        Subscription device = subscribe(bob, pushService.subscribe(), true);

        assertThat(rest.call("DELETE", "/api/push/subscriptions", tokenFor(bob), device.toJson()).status())
                .isEqualTo(204);
        assertThat(rest.get("/api/push/subscriptions", tokenFor(bob)).json().size()).isZero();
    }

    @Test
    void vapidKeyIsAnUncompressedP256PointAndNeedsAToken() {
        Response key = rest.get("/api/push/vapid-public-key", tokenFor(uniqueUser("bob")));
        byte[] point = Base64.getUrlDecoder().decode(key.json().path("publicKey").asString());
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertProblem(rest.get("/api/push/vapid-public-key", null), 401, "UNAUTHORIZED");
        assertProblem(rest.post("/api/push/subscriptions", null, pushService.subscribe().toJson()), 401,
                "UNAUTHORIZED");
    }

    private Subscription subscribe(String userId, Subscription browser, boolean previews) {
        Map<String, Object> body = new HashMap<>(browser.toJson());
        body.put("previews", previews);
        Response created = rest.post("/api/push/subscriptions", tokenFor(userId), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("endpoint").asString()).isEqualTo(browser.endpoint());
        assertThat(created.json().path("previews").asBoolean()).isEqualTo(previews);
        return browser;
    }

    private long directRoom(String from, String to) {
        return rest.post("/api/rooms/direct", tokenFor(from), Map.of("userId", to)).json().path("id").asLong();
    }

    private void notifyByAdmin(String userId) {
        Response sent = rest.post("/api/notifications", adminTokenFor(uniqueUser("admin")), Map.of(
                "userIds", List.of(userId), "kind", "TEST_KIND", "payload", Map.of("text", "hello")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    }

    /** The one push of this kind, once it came; every push must have passed the VAPID and decryption checks. */
    private Push awaitPush(Subscription device, String kind) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !pushes(device, kind).isEmpty());
        return pushes(device, kind).get(0);
    }

    private List<Push> pushes(Subscription device, String kind) {
        List<Push> all = pushService.received(device);
        assertThat(all).allSatisfy(push -> assertThat(push.valid()).as(push.problem()).isTrue());
        return all.stream().filter(push -> kind.equals(push.payload().path("kind").asString())).toList();
    }

    private List<Push> awaitPushes(Subscription device, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> pushService.received(device).size() >= count);
        return pushService.received(device);
    }
}
