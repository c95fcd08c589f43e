package io.chatplatform.faults;

import static io.chatplatform.testing.ClusterNode.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * One room of four members over the two nodes of {@link PartFailuresIT}: alice (node A) and carol (node B) send
 * steadily, bob (node B) and dave (node A) only watch; and the proofs every fault ends with.
 */
final class Scenario {

    static final Duration RECOVERY = Duration.ofSeconds(30);

    final long roomId;
    final List<SteadySender> senders;
    final Map<String, WsClient> members = new HashMap<>();

    private Scenario(long roomId, List<SteadySender> senders) {
        this.roomId = roomId;
        this.senders = senders;
    }

    static Scenario start(PartFailuresIT test) {
        String alice = ClusterNode.user("alice");
        String bob = ClusterNode.user("bob");
        String carol = ClusterNode.user("carol");
        String dave = ClusterNode.user("dave");
        RestApi.Response created = rest(PartFailuresIT.nodeA).post("/api/rooms",
                PartFailuresIT.token(alice), Map.of("name", "fault room", "type", "GROUP",
                        "members", List.of(bob, carol, dave)));
        assertThat(created.status()).isEqualTo(201);
        long roomId = created.json().path("id").asLong();
        WsClient aliceOnA = test.chat(PartFailuresIT.nodeA, alice);
        WsClient carolOnB = test.chat(PartFailuresIT.nodeB, carol);
        WsClient bobOnB = test.chat(PartFailuresIT.nodeB, bob);
        WsClient daveOnA = test.chat(PartFailuresIT.nodeA, dave);
        Scenario scenario = new Scenario(roomId, List.of(
                new SteadySender(aliceOnA, roomId, "a", PartFailuresIT.PACE).start(),
                new SteadySender(carolOnB, roomId, "c", PartFailuresIT.PACE).start()));
        scenario.members.putAll(Map.of(alice, aliceOnA, carol, carolOnB, bob, bobOnB, dave, daveOnA));
        return scenario;
    }

    void awaitAcked(int count) {
        await().alias(count + " ACKs").atMost(RECOVERY)
                .until(() -> senders.stream().mapToInt(SteadySender::acked).sum() >= count);
    }

    /** The fault bites: SENDs are answered UNAVAILABLE (not left hanging). */
    void awaitUnavailableAnswers(int count) {
        await().alias(count + " UNAVAILABLE answers").atMost(Duration.ofSeconds(15))
                .until(() -> unavailableAnswers() >= count);
    }

    /** Recovery without a restart: SENDs made after the fault ended are ACKed. */
    void awaitAckedAfter(long nanos, int count) {
        await().alias(count + " ACKs of SENDs after the fault").atMost(RECOVERY)
                .until(() -> answers().filter(a -> a.sentAtNanos() >= nanos && "ACK".equals(a.kind())).count() >= count);
    }

    void stop() {
        senders.forEach(SteadySender::stop);
    }

    long unavailableAnswers() {
        return answers().filter(a -> "UNAVAILABLE".equals(a.kind())).count();
    }

    long slowestAckDuring(long sinceNanos) {
        return answers().filter(a -> a.sentAtNanos() >= sinceNanos && "ACK".equals(a.kind()))
                .mapToLong(SteadySender.Answer::millis).max().orElse(0);
    }

    private Stream<SteadySender.Answer> answers() {
        return senders.stream().flatMap(sender -> sender.answers().stream());
    }

    /**
     * The proofs: every SEND answered within {@code bound}; every UNAVAILABLE with a retryAfterMs; every message
     * sent is stored exactly once, under the seq and id its ACK named; seq 1..N without a gap; each member's view
     * after SYNC is exactly those N messages; and what each member received live came in seq order, never twice.
     */
    void assertConverged(Duration bound) {
        List<SteadySender.Answer> answers = answers().toList();
        System.out.printf("fault scenario: %d answers, %d UNAVAILABLE, slowest %d ms, bound %d ms%n", answers.size(),
                unavailableAnswers(), answers.stream().mapToLong(SteadySender.Answer::millis).max().orElse(0),
                bound.toMillis());
        assertThat(answers).as("every SEND attempt answered within %s", bound)
                .allSatisfy(answer -> assertThat(answer.millis()).as("answer to %s (%s)", answer.clientMsgId(),
                        answer.kind()).isLessThanOrEqualTo(bound.toMillis()));
        assertThat(answers).filteredOn(answer -> !"ACK".equals(answer.kind()))
                .allSatisfy(answer -> assertThat(answer.retryAfterMs()).as("retryAfterMs").isPositive());

        Map<String, StoredRow> stored = storedRows();
        long n = stored.size();
        assertThat(stored.values().stream().map(StoredRow::seq).sorted().toList()).as("seq without a gap")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        Set<String> sent = new HashSet<>();
        for (SteadySender sender : senders) {
            sent.addAll(sender.sent());
            assertThat(sender.acks().keySet()).as("every message sent was ACKed in the end")
                    .containsExactlyInAnyOrderElementsOf(sender.sent());
            sender.acks().forEach((clientMsgId, ack) -> {
                StoredRow row = stored.get(clientMsgId);
                assertThat(row).as("stored row of ACKed %s", clientMsgId).isNotNull();
                assertThat(ack.path("seq").asLong()).as("seq of %s", clientMsgId).isEqualTo(row.seq());
                assertThat(ack.path("messageId").asLong()).as("id of %s", clientMsgId).isEqualTo(row.id());
            });
        }
        assertThat(stored.keySet()).as("stored exactly the messages sent").containsExactlyInAnyOrderElementsOf(sent);

        members.forEach((userId, socket) -> {
            assertThat(synced(socket)).as("%s's view after SYNC", userId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
            List<Long> live = socket.received("MESSAGE").stream().map(m -> m.path("seq").asLong()).toList();
            assertThat(live).as("%s's live MESSAGEs: in seq order, none twice", userId).isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates();
        });
    }

    /** After the fault, each member receives every message live, in order, once: what a node missed is filled in. */
    void assertLiveDeliveryComplete() {
        long n = storedRows().size();
        members.forEach((userId, socket) -> {
            try {
                await().atMost(RECOVERY).until(() -> socket.received("MESSAGE").size() >= n);
            } catch (ConditionTimeoutException e) {
                dumpDeliveryThreads(); // the assertion below says what is missing; the threads, why
            }
            assertThat(socket.received("MESSAGE").stream().map(m -> m.path("seq").asLong()).toList())
                    .as("%s's live MESSAGEs", userId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        });
    }

    private static void dumpDeliveryThreads() {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            if (name.startsWith("room-") || name.contains("cluster") || name.contains("lettuce")
                    || name.contains("redis")) {
                System.out.println("THREAD " + name + " " + thread.getState());
                for (StackTraceElement frame : stack) {
                    System.out.println("    at " + frame);
                }
            }
        });
    }

    /** Every seq the member's SYNC pages give, from the start. */
    private List<Long> synced(WsClient socket) {
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            socket.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", after, "limit", 200));
            JsonNode history = socket.expect("HISTORY");
            for (JsonNode message : history.path("messages")) {
                seqs.add(message.path("seq").asLong());
            }
            more = history.path("hasMore").asBoolean() && !history.path("messages").isEmpty();
            after = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }
        return seqs;
    }

    record StoredRow(long id, long seq) {
    }

    /** The room's messages as PostgreSQL holds them, read directly (not through the proxy). */
    private Map<String, StoredRow> storedRows() {
        Map<String, StoredRow> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(PartFailuresIT.schemaUrl,
                ExternalPostgres.username(), ExternalPostgres.password());
                PreparedStatement query = connection.prepareStatement(
                        "select client_msg_id, id, seq from messages where room_id = ?")) {
            query.setLong(1, roomId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    StoredRow previous = rows.put(result.getString(1), new StoredRow(result.getLong(2),
                            result.getLong(3)));
                    assertThat(previous).as("%s stored twice", result.getString(1)).isNull();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
