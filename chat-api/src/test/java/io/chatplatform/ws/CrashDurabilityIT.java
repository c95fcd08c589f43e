package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.ServerProcess;
import io.chatplatform.testing.WsClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Durability under a crash: the packaged server runs as its own JVM on a file-backed H2 database; four senders in
 * two rooms stream messages over WebSocket; the JVM is killed with SIGKILL mid-traffic and restarted on the same
 * database. Every ACKed message is there exactly once, with the seq and id its ACK named; each room's seq is still
 * 1..N without a gap; and resending every unACKed SEND with its clientMsgId stores each exactly once.
 */
class CrashDurabilityIT {

    /** Fixed, so that tokens minted before the crash are still valid after the restart. */
    static final String SECRET = "crash-test-secret-0123456789-abcdefghijklmnopq";
    /** Enough that the kill lands mid-stream: the server stores thousands a second, and the kill takes a moment. */
    static final int PER_SENDER = 1500;
    static final int ACKS_BEFORE_KILL = 120;
    /** A start takes seconds alone; on the 2-core machine shared with other builds it took up to 174 s. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final List<ServerProcess> servers = new ArrayList<>();
    final List<WsClient> clients = new ArrayList<>();
    Path dataDir;

    @AfterEach
    void stopEverything() throws IOException {
        clients.forEach(WsClient::close);
        servers.forEach(ServerProcess::close);
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    /** One sender: a user in a room, what it sent, in order, and what was ACKed. */
    record Sender(String userId, long roomId, List<String> sent, Map<String, JsonNode> acked) {

        Sender(String userId, long roomId) {
            this(userId, roomId, new ArrayList<>(), new HashMap<>());
        }

        static String body(String clientMsgId) {
            return "durable message " + clientMsgId;
        }
    }

    @Test
    void killedServerKeepsEveryAckedMessageOnceAndRetriesCreateNoDuplicates() throws Exception {
        dataDir = Files.createTempDirectory("chat-crash-");
        String run = UUID.randomUUID().toString().substring(0, 8);
        ServerProcess first = start("first");
        List<Sender> senders = createRoomsWithSenders(new RestApi(first.port()), run);

        List<WsClient> sockets = new ArrayList<>();
        for (Sender sender : senders) {
            sockets.add(connect(first, sender.userId()));
        }
        ExecutorService streams = Executors.newFixedThreadPool(senders.size()); // all senders at once
        List<CompletableFuture<Void>> streaming = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            Sender sender = senders.get(i);
            WsClient socket = sockets.get(i);
            streaming.add(CompletableFuture.runAsync(() -> stream(sender, socket), streams));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> sockets.stream().mapToInt(s -> s.received("ACK").size()).sum() >= ACKS_BEFORE_KILL);

        first.kill();

        for (WsClient socket : sockets) {
            socket.awaitCloseCode();
        }
        CompletableFuture.allOf(streaming.toArray(CompletableFuture[]::new)).join();
        streams.shutdown();
        for (int i = 0; i < senders.size(); i++) {
            for (JsonNode ack : sockets.get(i).received("ACK")) {
                senders.get(i).acked().put(ack.path("clientMsgId").asString(), ack);
            }
        }
        int acked = senders.stream().mapToInt(sender -> sender.acked().size()).sum();
        int unacked = senders.stream().mapToInt(sender -> sender.sent().size() - sender.acked().size()).sum();
        assertThat(acked).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(unacked).as("SENDs in flight when the server died").isPositive();

        ServerProcess second = start("second");
        RestApi rest = new RestApi(second.port());
        Map<Long, List<JsonNode>> afterCrash = histories(rest, senders);
        List<String> lost = new ArrayList<>();
        for (Sender sender : senders) {
            Map<String, List<JsonNode>> byClientMsgId = mine(afterCrash.get(sender.roomId()), sender);
            for (Map.Entry<String, JsonNode> ack : sender.acked().entrySet()) {
                List<JsonNode> copies = byClientMsgId.getOrDefault(ack.getKey(), List.of());
                if (copies.isEmpty()) {
                    lost.add(ack.getKey() + " (seq " + ack.getValue().path("seq").asLong() + ")");
                    continue;
                }
                assertThat(copies).as("copies of %s", ack.getKey()).hasSize(1);
                assertThat(copies.get(0).path("seq").asLong()).isEqualTo(ack.getValue().path("seq").asLong());
                assertThat(copies.get(0).path("messageId").asLong())
                        .isEqualTo(ack.getValue().path("messageId").asLong());
                assertThat(copies.get(0).path("body").asString()).isEqualTo(Sender.body(ack.getKey()));
            }
            assertThat(byClientMsgId.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        }
        assertThat(lost).as("ACKed messages missing after the crash (%d ACKed, %d not ACKed)", acked, unacked)
                .isEmpty();
        afterCrash.values().forEach(CrashDurabilityIT::assertGapFree);

        for (Sender sender : senders) {
            WsClient socket = connect(second, sender.userId());
            List<String> retried = sender.sent().stream().filter(id -> !sender.acked().containsKey(id)).toList();
            for (String clientMsgId : retried) {
                socket.send(sendFrame(sender.roomId(), clientMsgId));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> socket.received("ACK").size() == retried.size());
            assertThat(socket.received("ERROR")).isEmpty();
        }

        Map<Long, List<JsonNode>> afterRetries = histories(rest, senders);
        for (Sender sender : senders) {
            Map<String, List<JsonNode>> byClientMsgId = mine(afterRetries.get(sender.roomId()), sender);
            assertThat(byClientMsgId.keySet()).containsExactlyInAnyOrderElementsOf(sender.sent());
            assertThat(byClientMsgId.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        }
        afterRetries.values().forEach(CrashDurabilityIT::assertGapFree);
        int total = afterRetries.values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(senders.stream().mapToInt(sender -> sender.sent().size()).sum());
    }

    /** Sends PER_SENDER messages back to back without waiting for ACKs, until done or the socket dies. */
    private static void stream(Sender sender, WsClient socket) {
        for (int n = 0; n < PER_SENDER && !socket.isClosed(); n++) {
            String clientMsgId = sender.userId() + "-" + n;
            try {
                socket.send(sendFrame(sender.roomId(), clientMsgId));
            } catch (RuntimeException connectionLost) {
                // The frame may or may not have left: count it as sent, the retry settles it either way.
                sender.sent().add(clientMsgId);
                return;
            }
            sender.sent().add(clientMsgId);
        }
    }

    private List<Sender> createRoomsWithSenders(RestApi rest, String run) {
        List<Sender> senders = new ArrayList<>();
        for (String room : List.of("a", "b")) {
            String one = "sender-" + room + "1-" + run;
            String two = "sender-" + room + "2-" + run;
            RestApi.Response created = rest.post("/api/rooms", token(one),
                    Map.of("name", "crash " + room, "type", "GROUP", "members", List.of(two)));
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            long roomId = created.json().path("id").asLong();
            senders.add(new Sender(one, roomId));
            senders.add(new Sender(two, roomId));
        }
        return senders;
    }

    private Map<Long, List<JsonNode>> histories(RestApi rest, List<Sender> senders) {
        Map<Long, List<JsonNode>> rooms = new LinkedHashMap<>();
        for (Sender sender : senders) {
            rooms.computeIfAbsent(sender.roomId(), roomId -> history(rest, roomId, token(sender.userId())));
        }
        return rooms;
    }

    private static List<JsonNode> history(RestApi rest, long roomId, String token) {
        List<JsonNode> messages = new ArrayList<>();
        boolean more = true;
        while (more) {
            long after = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).path("seq").asLong();
            RestApi.Response page = rest.get("/api/rooms/" + roomId + "/messages?afterSeq=" + after + "&limit=200",
                    token);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.json().path("messages").forEach(messages::add);
            more = page.json().path("hasMore").asBoolean();
        }
        return messages;
    }

    private static Map<String, List<JsonNode>> mine(List<JsonNode> room, Sender sender) {
        return room.stream().filter(message -> message.path("senderId").asString().equals(sender.userId()))
                .collect(Collectors.groupingBy(message -> message.path("clientMsgId").asString()));
    }

    private static void assertGapFree(List<JsonNode> room) {
        assertThat(room.stream().map(message -> message.path("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, room.size()).boxed().toList());
    }

    private ServerProcess start(String name) {
        ServerProcess server = ServerProcess.start(Map.of("CHAT_JWT_SECRET", SECRET),
                List.of("--chat.data-dir=" + dataDir, "--chat.ws.rate-limit=100000", "--chat.ws.rate-burst=100000"),
                dataDir.resolve(name + ".log"), START_TIMEOUT);
        servers.add(server);
        return server;
    }

    private WsClient connect(ServerProcess server, String userId) {
        WsClient socket = WsClient.connect(URI.create("ws://localhost:" + server.port() + "/ws/chat"),
                Map.of("Authorization", "Bearer " + token(userId)));
        clients.add(socket);
        socket.expect("READY");
        return socket;
    }

    private static String token(String userId) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).claim("role", "USER").issuedAt(new Date(now))
                .expiration(new Date(now + Duration.ofHours(1).toMillis()))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    private static String sendFrame(long roomId, String clientMsgId) {
        return JSON.writeValueAsString(Map.of("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId,
                "body", Sender.body(clientMsgId)));
    }
}
