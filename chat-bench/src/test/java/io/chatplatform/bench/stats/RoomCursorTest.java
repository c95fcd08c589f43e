package io.chatplatform.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomCursorTest {

    private final RoomCursor cursor = new RoomCursor();

    @Test
    void inOrderSeqsMoveTheWatermarkAndRecordWhen() {
        cursor.receive(1, true, 10);
        cursor.receive(2, true, 20);

        assertThat(cursor.watermark()).isEqualTo(2);
        assertThat(cursor.lastAdvanceNanos()).isEqualTo(20);
        assertThat(cursor.hasGap()).isFalse();
        assertThat(cursor.missing(2)).isZero();
    }

    @Test
    void aSeqBeyondAHoleIsKeptButLeavesTheWatermarkUntilTheHoleIsFilled() {
        cursor.receive(1, true, 10);
        cursor.receive(3, true, 30);
        cursor.receive(4, true, 40);

        assertThat(cursor.watermark()).isEqualTo(1);
        assertThat(cursor.hasGap()).isTrue();
        assertThat(cursor.missing(4)).isEqualTo(1);

        assertThat(cursor.receive(2, false, 50)).isEqualTo(RoomCursor.Receipt.NEW);

        assertThat(cursor.watermark()).isEqualTo(4);
        assertThat(cursor.lastAdvanceNanos()).isEqualTo(50);
        assertThat(cursor.hasGap()).isFalse();
        assertThat(cursor.missing(4)).isZero();
    }

    @Test
    void aSyncPageOverlappingLiveFramesIsAnExpectedDuplicateNotALiveOne() {
        cursor.receive(1, true, 10);

        assertThat(cursor.receive(1, false, 20)).isEqualTo(RoomCursor.Receipt.DUPLICATE);
        assertThat(cursor.receive(2, false, 30)).isEqualTo(RoomCursor.Receipt.NEW);
        assertThat(cursor.receive(2, true, 40)).isEqualTo(RoomCursor.Receipt.DUPLICATE);
        assertThat(cursor.duplicates()).isEqualTo(2);
        assertThat(cursor.lastAdvanceNanos()).isEqualTo(30);
    }

    @Test
    void theSameSeqLiveTwiceIsALiveDuplicate() {
        cursor.receive(1, true, 10);

        assertThat(cursor.receive(1, true, 20)).isEqualTo(RoomCursor.Receipt.DUPLICATE_LIVE);
    }

    @Test
    void whatNeverArrivedUpToTheRoomsLastSeqIsMissing() {
        cursor.receive(2, true, 10);
        cursor.receive(5, true, 10);

        assertThat(cursor.missing(6)).isEqualTo(4);
        assertThat(cursor.missing(0)).isZero();
        assertThat(cursor.watermark()).isZero();
    }

    @Test
    void seqsOutsideTheProtocolsRangeAreInvalidAndNotHeld() {
        assertThat(cursor.receive(0, true, 10)).isEqualTo(RoomCursor.Receipt.INVALID);
        assertThat(cursor.receive(-1, true, 10)).isEqualTo(RoomCursor.Receipt.INVALID);
        assertThat(cursor.receive(Integer.MAX_VALUE, true, 10)).isEqualTo(RoomCursor.Receipt.INVALID);
        assertThat(cursor.hasGap()).isFalse();
    }
}
