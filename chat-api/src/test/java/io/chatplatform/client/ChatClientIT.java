package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.FaultProxy;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Java client against the real server: delivery between two clients, the outbox while offline, recovery after
 * the connection is cut mid-conversation (by a TCP proxy that resets it), exactly-once in-order delivery across cuts,
 * and token refresh before {@code exp}.
 */
class ChatClientIT extends ChatServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${chat.auth.jwt-secret}")
    String secret;

    @Autowired
    JdbcTemplate jdbc;

    private final List<ChatClient> clients = new ArrayList<>();
    private FaultProxy proxy;

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.to("127.0.0.1", port);
    }

    @AfterEach
    void closeAll() {
        clients.forEach(ChatClient::close);
        proxy.close();
    }

    @Test
    void twoClientsExchangeMessagesEachAckedAndDeliveredToBothInSeqOrder() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        Recorder aliceSees = new Recorder();
        Recorder bobSees = new Recorder();
        ChatClient aliceClient = connected(alice, direct(), aliceSees);
        ChatClient bobClient = connected(bob, direct(), bobSees);
        aliceClient.sync(roomId).join();
        bobClient.sync(roomId).join();

        List<CompletableFuture<Ack>> acks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acks.add(aliceClient.send(roomId, "from alice " + i));
            acks.add(bobClient.send(roomId, "from bob " + i, SendOptions.none().withAttributes(Map.of("n", i))));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();

        List<Long> seqs = LongStream.rangeClosed(1, 40).boxed().toList();
        assertThat(acks.stream().map(f -> f.join().seq()).sorted().toList()).containsExactlyElementsOf(seqs);
        for (Recorder sees : List.of(aliceSees, bobSees)) {
            await().atMost(WAIT).until(() -> sees.messages(roomId).size() >= 40);
            assertThat(sees.messages(roomId)).extracting(m -> m.longValue("seq")).containsExactlyElementsOf(seqs);
        }
        Frame fromBob = bobSees.messages(roomId).stream().filter(m -> bob.equals(m.string("senderId"))).findFirst()
                .orElseThrow();
        assertThat(fromBob.object("attributes").longValue("n")).isEqualTo(0);
        assertThat(aliceClient.rev(roomId)).hasValue(40);
    }

    @Test
    void sendsWhileOfflineWaitInTheOutboxAndAreStoredOnceWhenTheConnectionIsBack() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        Recorder sees = new Recorder();
        ChatClient client = connected(alice, proxied(), sees);
        client.sync(roomId).join();

        proxy.outage();
        await().atMost(WAIT).until(() -> client.state() != ConnectionState.OPEN);
        List<CompletableFuture<Ack>> acks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            acks.add(client.send(roomId, "written offline " + i, SendOptions.none().withClientMsgId(alice + "-" + i)));
        }
        assertThat(client.pending()).isEqualTo(5);
        assertThat(acks).noneMatch(CompletableFuture::isDone);

        proxy.restore();

        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(acks.stream().map(f -> f.join().seq()).toList()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(client.pending()).isZero();
        assertThat(storedClientMsgIds(roomId)).containsExactly(alice + "-1", alice + "-2", alice + "-3", alice + "-4",
                alice + "-5");
        await().atMost(WAIT).until(() -> sees.messages(roomId).size() == 5);
    }

    @Test
    void theSameClientMsgIdInTwoRoomsIsStoredAsTwoMessages() {
        String alice = uniqueUser("alice");
        long first = createRoom(alice);
        long second = createRoom(alice);
        ChatClient client = connected(alice, direct(), new Recorder());

        // protocol.md §8: a clientMsgId is scoped to (room, sender)
        CompletableFuture<Ack> inFirst = client.send(first, "one", SendOptions.none().withClientMsgId("same-id"));
        CompletableFuture<Ack> inSecond = client.send(second, "two", SendOptions.none().withClientMsgId("same-id"));

        assertThat(inFirst.orTimeout(30, TimeUnit.SECONDS).join().roomId()).isEqualTo(first);
        assertThat(inSecond.orTimeout(30, TimeUnit.SECONDS).join().roomId()).isEqualTo(second);
        assertThat(inSecond.join().messageId()).isNotEqualTo(inFirst.join().messageId());
        assertThat(storedClientMsgIds(first)).containsExactly("same-id");
        assertThat(storedClientMsgIds(second)).containsExactly("same-id");
        assertThat(client.pending()).isZero();
    }

    @Test
    void sendsWhoseAcksWereLostAreResentWithTheSameClientMsgIdAndStoredOnce() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        Recorder bobSees = new Recorder();
        connected(bob, direct(), bobSees).sync(roomId).join();
        ChatClient client = connected(alice, proxied(), new Recorder());

        proxy.muteAnswers(); // the server gets and stores every SEND; its ACKs are lost with the connection
        List<CompletableFuture<Ack>> acks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            acks.add(client.send(roomId, "message " + i));
        }
        // The client's window: at most 64 SENDs unanswered, so the other 36 wait in the outbox for ACKs that never
        // come.
        await().atMost(WAIT).until(() -> storedClientMsgIds(roomId).size() == 64);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> storedClientMsgIds(roomId).size() == 64);
        assertThat(acks).noneMatch(CompletableFuture::isDone);
        proxy.cutAll();

        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThanOrEqualTo(2);
        List<String> ids = acks.stream().map(f -> f.join().clientMsgId()).toList();
        assertThat(storedClientMsgIds(roomId)).containsExactlyElementsOf(ids);
        assertThat(acks.stream().map(f -> f.join().seq()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        await().atMost(WAIT).until(() -> bobSees.messages(roomId).size() >= 100);
        assertThat(bobSees.messages(roomId)).hasSize(100);
    }

    @Test
    void afterACutTheClientCatchesUpByRevWithTheEditsDeletionsReactionsAndRenamesMadeWhileAway() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        ChatClient aliceClient = connected(alice, direct(), new Recorder());
        aliceClient.sync(roomId).join();
        Recorder bobSees = new Recorder();
        ChatClient bobClient = connected(bob, proxied(), bobSees);
        bobClient.sync(roomId).join();
        List<Ack> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(aliceClient.send(roomId, "m" + i).join());
        }
        await().atMost(WAIT).until(() -> bobSees.messages(roomId).size() == 3);
        long revBefore = bobClient.rev(roomId).orElseThrow();
        int seenBefore = bobSees.changes(roomId).size();

        proxy.outage();
        await().atMost(WAIT).until(() -> bobClient.state() != ConnectionState.OPEN);
        Recorder aliceLive = new Recorder();
        aliceClient.on("*", aliceLive::add);
        assertThat(aliceClient.edit(roomId, sent.get(0).messageId(), "m1 (edited)")).isTrue();
        assertThat(aliceClient.delete(roomId, sent.get(1).messageId())).isTrue();
        assertThat(aliceClient.react(roomId, sent.get(2).messageId(), "👍")).isTrue();
        aliceClient.send(roomId, "m4").join();
        assertThat(rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", "renamed")).status())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> aliceLive.changes(roomId).size() >= 5);
        assertThat(bobSees.changes(roomId)).hasSize(seenBefore);

        proxy.restore();

        await().atMost(WAIT).until(() -> bobSees.changes(roomId).size() >= seenBefore + 5);
        List<Frame> caughtUp = bobSees.changes(roomId).subList(seenBefore, bobSees.changes(roomId).size());
        assertThat(caughtUp).extracting(Frame::type)
                .containsExactly("MESSAGE_UPDATED", "MESSAGE_DELETED", "REACTION", "MESSAGE", "ROOM_UPDATED");
        assertThat(caughtUp).allMatch(Frame::replayed);
        assertThat(caughtUp.get(0).string("body")).isEqualTo("m1 (edited)");
        assertThat(caughtUp.get(2).string("emoji")).isEqualTo("👍");
        assertThat(caughtUp.get(3).string("body")).isEqualTo("m4");
        assertThat(caughtUp.get(4).string("name")).isEqualTo("renamed");
        assertThat(caughtUp).extracting(f -> f.longValue("rev"))
                .containsExactlyElementsOf(LongStream.rangeClosed(revBefore + 1, revBefore + 5).boxed().toList());
        assertThat(bobSees.events("gap")).isEmpty();
    }

    @Test
    void everyMessageReachesTheApplicationOnceAndInOrderAcrossRepeatedCuts() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        ChatClient aliceClient = connected(alice, direct(), new Recorder());
        Recorder bobSees = new Recorder();
        ChatClient bobClient = connected(bob, proxied(), bobSees);
        bobClient.sync(roomId).join();

        int total = 300;
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= total; i++) {
                aliceClient.send(roomId, "n" + i).join();
            }
        });
        AtomicInteger cuts = new AtomicInteger();
        while (!sending.isDone() && cuts.get() < 4) {
            int before = bobSees.messages(roomId).size();
            await().atMost(WAIT).until(() -> sending.isDone() || bobSees.messages(roomId).size() > before + 20);
            proxy.cutAll();
            cuts.incrementAndGet();
        }
        sending.get(60, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> bobSees.messages(roomId).size() >= total);
        assertThat(cuts.get()).isGreaterThanOrEqualTo(1);
        assertThat(bobSees.messages(roomId)).extracting(m -> m.longValue("seq"))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        List<Long> revs = bobSees.changes(roomId).stream().map(f -> f.longValue("rev")).toList();
        assertThat(revs).doesNotHaveDuplicates().isSorted();
        assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void refreshesTheTokenBeforeItExpiresAndKeepsTheSameConnection() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        AtomicInteger minted = new AtomicInteger();
        Recorder sees = new Recorder();
        ChatClient client = track(ChatClient.builder(wsUri("/ws/chat"))
                .tokenSupplier(() -> {
                    minted.incrementAndGet();
                    return CompletableFuture.completedFuture(shortLivedToken(alice, Duration.ofSeconds(6)));
                })
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build());
        client.on("*", sees::add);
        client.connect().join();

        await().atMost(WAIT).until(() -> sees.events("refreshed").size() >= 2);

        assertThat(sees.events("ready")).as("one connection all along").hasSize(1);
        assertThat(sees.events("state")).extracting(f -> f.string("state")).containsExactly("CONNECTING", "OPEN");
        assertThat(minted.get()).isGreaterThanOrEqualTo(3);
        assertThat(client.send(roomId, "still here").orTimeout(10, TimeUnit.SECONDS).join().seq()).isEqualTo(1);
    }

    @Test
    void aFixedTokenThatIsRefusedClosesTheClientForGood() {
        ChatClient client = track(ChatClient.builder(wsUri("/ws/chat")).token("not-a-token").build());
        Recorder sees = new Recorder();
        client.on("*", sees::add);

        CompletableFuture<Void> ready = client.connect();

        await().atMost(WAIT).until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(ready).isCompletedExceptionally();
        assertThat(sees.events("error")).extracting(f -> f.string("code")).contains("UNAUTHORIZED");
        assertThat(client.send(1, "x")).failsWithin(Duration.ofSeconds(5));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private URI direct() {
        return wsUri("/ws/chat");
    }

    private URI proxied() {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/ws/chat");
    }

    private ChatClient connected(String user, URI url, Recorder recorder) {
        ChatClient client = track(ChatClient.builder(url)
                .tokenSupplier(() -> CompletableFuture.completedFuture(tokenFor(user)))
                .device("java-test")
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                .build());
        client.on("*", recorder::add);
        client.connect().orTimeout(30, TimeUnit.SECONDS).join();
        return client;
    }

    private ChatClient track(ChatClient client) {
        clients.add(client);
        return client;
    }

    private List<String> storedClientMsgIds(long roomId) {
        return jdbc.queryForList("select client_msg_id from messages where room_id = ? order by seq", String.class,
                roomId);
    }

    private String shortLivedToken(String userId, Duration lifetime) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).claim("role", "USER")
                .issuedAt(new Date(now))
                .expiration(new Date(now + lifetime.toMillis()))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    /** Every event one client delivered to the application, in delivery order. */
    static final class Recorder {
        private final List<Frame> events = new CopyOnWriteArrayList<>();

        void add(Frame frame) {
            events.add(frame);
        }

        List<Frame> events(String event) {
            return events.stream().filter(f -> f.event().equals(event)).toList();
        }

        /** The room's change events (live or replayed), in the order the application got them. */
        List<Frame> changes(long roomId) {
            return events.stream().filter(f -> RoomLog.isChange(f) && f.longValue("roomId") == roomId).toList();
        }

        List<Frame> messages(long roomId) {
            return changes(roomId).stream().filter(f -> "MESSAGE".equals(f.type())).toList();
        }
    }
}
