package io.chatplatform.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    // two rooms: sessions 0, 1, 2 in room 0; sessions 3, 4 in room 1
    private final DeliveryLedger ledger = new DeliveryLedger(2, new int[] {0, 0, 0, 1, 1});

    @Test
    void everyAckedMessageReachingEveryMemberOnceIsClean() {
        for (long seq = 1; seq <= 3; seq++) {
            ledger.acked(0, seq, seq);
            for (int session = 0; session < 3; session++) {
                assertThat(ledger.received(session, seq)).isEqualTo(DeliveryLedger.Receipt.NEW);
            }
        }
        ledger.acked(1, 1, 100);
        ledger.received(3, 1);
        ledger.received(4, 1);

        Accounting accounting = ledger.account();

        assertThat(accounting.messagesKnown()).isEqualTo(4);
        assertThat(accounting.deliveriesExpected()).isEqualTo(3 * 3 + 2);
        assertThat(accounting.deliveriesMissing()).isZero();
        assertThat(accounting.clean()).isTrue();
        assertThat(ledger.expectedFromAcks()).isEqualTo(11);
    }

    @Test
    void aMemberThatMissesAMessageCountsAsOneMissingDelivery() {
        ledger.acked(0, 1, 1);
        ledger.acked(0, 2, 2);
        ledger.received(0, 1);
        ledger.received(0, 2);
        ledger.received(1, 1);
        ledger.received(1, 2);
        ledger.received(2, 2);

        Accounting accounting = ledger.account();

        assertThat(accounting.deliveriesExpected()).isEqualTo(6);
        assertThat(accounting.deliveriesMissing()).isEqualTo(1);
        assertThat(accounting.clean()).isFalse();
    }

    @Test
    void aMessageDeliveredButNeverAckedIsStillOwedToEveryMember() {
        ledger.received(0, 1);

        Accounting accounting = ledger.account();

        assertThat(accounting.messagesKnown()).isEqualTo(1);
        assertThat(accounting.storedNotAcked()).isEqualTo(1);
        assertThat(accounting.deliveriesMissing()).isEqualTo(2);
    }

    @Test
    void repeatsAndLateArrivalsAreCountedApart() {
        ledger.received(0, 2);
        assertThat(ledger.received(0, 1)).isEqualTo(DeliveryLedger.Receipt.OUT_OF_ORDER);
        assertThat(ledger.received(0, 2)).isEqualTo(DeliveryLedger.Receipt.DUPLICATE);

        Accounting accounting = ledger.account();

        assertThat(accounting.duplicates()).isEqualTo(1);
        assertThat(accounting.outOfOrder()).isEqualTo(1);
        assertThat(ledger.uniqueDeliveries()).isEqualTo(2);
    }

    @Test
    void oneSeqAckedForTwoMessagesIsAConflictWhileARepeatedAckIsNot() {
        ledger.acked(0, 1, 7);
        ledger.acked(0, 1, 7);
        ledger.acked(0, 1, 8);

        Accounting accounting = ledger.account();

        assertThat(accounting.messagesAcked()).isEqualTo(1);
        assertThat(accounting.duplicateAcks()).isEqualTo(1);
        assertThat(accounting.seqConflicts()).isEqualTo(1);
    }

    @Test
    void sessionsThatNeverConnectedAreOwedNothing() {
        ledger.exclude(2);
        ledger.acked(0, 1, 1);
        ledger.received(0, 1);
        ledger.received(1, 1);

        assertThat(ledger.account().deliveriesMissing()).isZero();
        assertThat(ledger.expectedFromAcks()).isEqualTo(2);
    }
}
