package io.chatplatform.faults;

import static io.chatplatform.testing.WsClient.sendFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.FaultProxy;
import io.chatplatform.testing.RequiresPostgres;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged server on PostgreSQL (through a {@link FaultProxy}) is killed with SIGKILL while the database is
 * away, with SENDs answered UNAVAILABLE and others still unanswered; the database comes back and a new server
 * process starts on it. Every SEND during the outage was answered within the bound (or not at all, cut by the
 * kill); every ACKed message is stored exactly once under its ACK's seq and id; resending every unACKed SEND with its
 * clientMsgId stores each exactly once; seq has no gap and the other member's view after SYNC is complete.
 */
@RequiresPostgres
class CrashDuringDatabaseOutageIT {

    static final String SECRET = "outage-crash-test-secret-0123456789-abcdefghij";
    /** A start takes seconds alone; on the 2-core machine shared with other builds it took minutes. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** The bound {@link PartFailuresIT#BOUND} explains. */
    static final Duration BOUND = PartFailuresIT.BOUND;

    final List<ServerProcess> servers = new ArrayList<>();
    final List<WsClient> clients = new ArrayList<>();
    FaultProxy database;
    Path log;

    @AfterEach
    void stopEverything() throws IOException {
        clients.forEach(WsClient::close);
        servers.forEach(ServerProcess::close);
        if (database != null) {
            database.close();
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void nodeKilledDuringADatabaseOutageLosesNothingAckedAndResendsConverge() throws IOException {
        String schemaUrl = ExternalPostgres.newSchemaUrl();
        database = FaultProxy.forJdbcUrl(schemaUrl);
        log = Files.createTempFile("outage-crash", ".log");
        ServerProcess first = start(schemaUrl);
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        RestApi.Response created = new RestApi(first.port()).post("/api/rooms", token(alice),
                Map.of("name", "outage crash", "type", "GROUP", "members", List.of(bob)));
        assertThat(created.status()).isEqualTo(201);
        long roomId = created.json().path("id").asLong();
        WsClient aliceSocket = chat(first, alice);

        List<String> sent = new ArrayList<>();
        Map<String, JsonNode> acks = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String clientMsgId = "before-" + i;
            sent.add(clientMsgId);
            acks.put(clientMsgId, answer(aliceSocket, roomId, clientMsgId).frame());
        }

        database.outage();
        List<Long> answerMillis = new ArrayList<>();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add("during-" + i);
            aliceSocket.send(sendFrame(roomId, "during-" + i, "body during-" + i));
        }
        long sentAt = System.nanoTime();
        sent.addAll(during);
        for (String clientMsgId : during) {
            JsonNode answer = aliceSocket.expect(frame -> SteadySender.isAnswerTo(frame, clientMsgId),
                    "the answer to " + clientMsgId);
            answerMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt));
            if ("ACK".equals(answer.path("type").asString())) {
                acks.put(clientMsgId, answer); // committed just before the cut
            } else {
                assertThat(answer.path("code").asString()).as("answer to %s", clientMsgId).isEqualTo("UNAVAILABLE");
                assertThat(answer.path("retryAfterMs").asLong()).isPositive();
            }
        }
        for (int i = 0; i < 3; i++) { // left unanswered: the kill comes first
            sent.add("unanswered-" + i);
            aliceSocket.send(sendFrame(roomId, "unanswered-" + i, "body unanswered-" + i));
        }
        first.kill();
        database.restore();

        ServerProcess second = start(schemaUrl);
        WsClient aliceAgain = chat(second, alice);
        for (String clientMsgId : sent) {
            if (!acks.containsKey(clientMsgId)) {
                acks.put(clientMsgId, answer(aliceAgain, roomId, clientMsgId).frame());
            }
        }

        assertThat(answerMillis).as("every SEND during the outage answered within %s", BOUND)
                .allSatisfy(millis -> assertThat(millis).isLessThanOrEqualTo(BOUND.toMillis()));
        Map<String, long[]> stored = stored(schemaUrl, roomId);
        assertThat(stored.keySet()).as("stored exactly the messages sent").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(stored.values().stream().map(row -> row[1]).sorted().toList()).as("seq without a gap")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, sent.size()).boxed().toList());
        acks.forEach((clientMsgId, ack) -> {
            assertThat(ack.path("messageId").asLong()).as("id of %s", clientMsgId).isEqualTo(stored.get(clientMsgId)[0]);
            assertThat(ack.path("seq").asLong()).as("seq of %s", clientMsgId).isEqualTo(stored.get(clientMsgId)[1]);
        });
        WsClient bobSocket = chat(second, bob);
        bobSocket.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", 0, "limit", 200));
        assertThat(bobSocket.expect("HISTORY").path("messages").valueStream().map(m -> m.path("seq").asLong())
                .toList()).as("bob's view after SYNC")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, sent.size()).boxed().toList());
    }

    record Answer(JsonNode frame) {
    }

    /** Sends until ACKed, resending with the same clientMsgId after each UNAVAILABLE's retryAfterMs. */
    private static Answer answer(WsClient socket, long roomId, String clientMsgId) {
        for (int attempt = 0; attempt < 30; attempt++) {
            socket.send(sendFrame(roomId, clientMsgId, "body " + clientMsgId));
            JsonNode answer = socket.expect(frame -> SteadySender.isAnswerTo(frame, clientMsgId),
                    "the answer to " + clientMsgId);
            if ("ACK".equals(answer.path("type").asString())) {
                return new Answer(answer);
            }
            assertThat(answer.path("code").asString()).as("answer to %s", clientMsgId).isEqualTo("UNAVAILABLE");
            try {
                Thread.sleep(answer.path("retryAfterMs").asLong(1000)); // the client's back-off
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(clientMsgId + " never ACKed");
    }

    private ServerProcess start(String schemaUrl) {
        ServerProcess server = ServerProcess.start(Map.of("CHAT_JWT_SECRET", SECRET), List.of(
                "--spring.datasource.url=" + database.jdbcUrl(schemaUrl),
                "--spring.datasource.username=" + nullToEmpty(ExternalPostgres.username()),
                "--spring.datasource.password=" + nullToEmpty(ExternalPostgres.password()),
                "--spring.datasource.driver-class-name=org.postgresql.Driver",
                "--spring.flyway.schemas=" + schemaUrl.substring(schemaUrl.lastIndexOf('=') + 1)),
                log, START_TIMEOUT);
        servers.add(server);
        return server;
    }

    private WsClient chat(ServerProcess server, String userId) {
        WsClient client = WsClient.connect(URI.create("ws://localhost:" + server.port() + "/ws/chat"),
                Map.of("Authorization", "Bearer " + token(userId)));
        clients.add(client);
        client.expect("READY");
        return client;
    }

    /** clientMsgId → {id, seq}, read from PostgreSQL directly. */
    private static Map<String, long[]> stored(String schemaUrl, long roomId) {
        Map<String, long[]> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(schemaUrl, ExternalPostgres.username(),
                ExternalPostgres.password());
                PreparedStatement query = connection.prepareStatement(
                        "select client_msg_id, id, seq from messages where room_id = ? order by seq")) {
            query.setLong(1, roomId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    assertThat(rows.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3)}))
                            .as("%s stored twice", result.getString(1)).isNull();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static String token(String userId) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).claim("role", "USER").issuedAt(new Date(now))
                .expiration(new Date(now + Duration.ofHours(1).toMillis()))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
