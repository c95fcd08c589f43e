package io.chatplatform.bench.stats;

/**
 * Where every message and every expected delivery ended up.
 *
 * @param messagesKnown       distinct messages (room, seq) that were ACKed or seen by any session
 * @param messagesAcked       distinct messages ACKed to their sender
 * @param storedNotAcked      messages some session received but whose ACK never came
 * @param deliveriesExpected  for every known message, one per ready member session of its room
 * @param deliveriesReceived  distinct expected deliveries that arrived
 * @param deliveriesMissing   expected deliveries that never arrived (loss)
 * @param duplicates          MESSAGE frames a session had already received
 * @param outOfOrder          MESSAGE frames that arrived after a higher seq of the same room
 * @param duplicateAcks       repeated ACKs of one message
 * @param seqConflicts        ACKs that gave one seq to two messages
 * @param invalidSeqs         MESSAGE frames with a seq outside 1..2^31-1
 */
public record Accounting(long messagesKnown, long messagesAcked, long storedNotAcked, long deliveriesExpected,
        long deliveriesReceived, long deliveriesMissing, long duplicates, long outOfOrder, long duplicateAcks,
        long seqConflicts, long invalidSeqs) {

    /** Nothing lost, nothing twice, nothing out of order. */
    public boolean clean() {
        return deliveriesMissing == 0 && duplicates == 0 && outOfOrder == 0 && seqConflicts == 0 && invalidSeqs == 0;
    }
}
