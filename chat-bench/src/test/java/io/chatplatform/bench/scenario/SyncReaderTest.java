package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.bench.chat.ChatSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader's checks, fed pages by hand (its session has no socket, so its SYNCs go nowhere). */
class SyncReaderTest {

    private static final long ROOM = 9;
    /** seq 1 = message 101 (edited to "b2"), seq 2 = message 102; the room was renamed to "late". */
    private static final SyncWriter.Truth TRUTH = new SyncWriter.Truth(new long[] {-1, 101, 102},
            Map.of(101L, "b2", 102L, "c"), "late");

    private final SyncReader reader = new SyncReader(ROOM, 2);
    private final ChatSession session = new ChatSession(0, "reader", "token", reader);

    @Test
    void byRevPassesWhenEveryChangeIsApplied() throws Exception {
        var done = reader.start(session, SyncReader.Mode.BY_REV);
        feed("""
                {"type":"CHANGES","roomId":9,"changes":[%s,%s],"hasMore":true,"rev":2}""".formatted(
                message(101, 1, "b1", 1), message(102, 2, "c", 2)));
        feed("""
                {"type":"CHANGES","roomId":9,"changes":[{"type":"MESSAGE_UPDATED","roomId":9,"rev":3,\
                "messageId":101,"seq":1,"body":"b2"},{"type":"ROOM_UPDATED","roomId":9,"rev":4,"name":"late"}],\
                "hasMore":false,"rev":4}""");

        SyncReader.Catch caught = done.get();
        assertThat(caught.syncs()).isEqualTo(2);
        assertThat(caught.entries()).isEqualTo(4);
        assertThat(caught.messages()).isEqualTo(2);
        assertThat(caught.problems()).isEmpty();
        assertThat(reader.check(TRUTH, 4)).isEmpty();
    }

    @Test
    void byRevReportsAMissedEditTheOldNameAndAShortRev() throws Exception {
        var done = reader.start(session, SyncReader.Mode.BY_REV);
        feed("""
                {"type":"CHANGES","roomId":9,"changes":[%s,%s],"hasMore":false,"rev":2}""".formatted(
                message(101, 1, "b1", 1), message(102, 2, "c", 2)));

        assertThat(done.get().problems()).isEmpty();
        List<String> problems = reader.check(TRUTH, 4);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("reached 2, the room is at 4");
        assertThat(problems.get(1)).startsWith("1 messages with a body other than their latest");
        assertThat(problems.get(2)).startsWith("room name null");
    }

    @Test
    void bySeqReportsAGapAndATwiceReceivedMessage() throws Exception {
        var done = reader.start(session, SyncReader.Mode.BY_SEQ);
        feed("""
                {"type":"HISTORY","roomId":9,"messages":[%s,%s],"hasMore":false}""".formatted(
                message(102, 2, "c", 2), message(102, 2, "c", 2)));

        assertThat(done.get().problems()).anySatisfy(p -> assertThat(p).contains("out of seq order"))
                .anySatisfy(p -> assertThat(p).contains("received twice"));
        assertThat(reader.check(TRUTH, 2)).anySatisfy(p -> assertThat(p).startsWith("1 of seqs 1..2 missing"));
    }

    private static String message(long id, long seq, String body, long rev) {
        return """
                {"type":"MESSAGE","roomId":9,"messageId":%d,"seq":%d,"senderId":"w","clientMsgId":"c%d",\
                "body":"%s","sentAt":"2026-11-30T04:12:09Z","rev":%d}""".formatted(id, seq, id, body, rev);
    }

    private void feed(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.onFrame(session, bytes, 0, bytes.length, System.nanoTime())).isTrue();
    }
}
