package io.chatplatform.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomLogTest {

    private final RoomLog log = new RoomLog();

    @Test
    void theLastSeqIsTheHighestLearntFromAnySource() {
        log.record(2, "a-2");
        log.record(1, "a-1");
        log.record(2, "a-2");

        assertThat(log.lastSeq()).isEqualTo(2);
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.conflicts()).isZero();
        assertThat(log.clientMsgIds()).containsExactlyInAnyOrder("a-1", "a-2");
    }

    @Test
    void oneSeqForTwoMessagesIsAConflict() {
        assertThat(log.record(7, "a-1")).isTrue();

        assertThat(log.record(7, "b-1")).isFalse();
        assertThat(log.conflicts()).isEqualTo(1);
    }

    @Test
    void aMissingSeqTeachesNothing() {
        log.record(-1, "x");

        assertThat(log.lastSeq()).isZero();
        assertThat(log.size()).isZero();
    }
}
