package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.stats.SendLog;

/**
 * A session that posts into its room. Its messages are numbered 0, 1, 2 ...; the clientMsgId is
 * {@code <prefix><number>} and the body carries the time the message was meant to leave.
 */
final class Sender {

    final ChatSession session;
    final int index;
    final int room;
    private final long roomId;
    private final String prefix;
    private final int bodySize;
    private final SendLog log = new SendLog();
    private long next;

    Sender(ChatSession session, int index, int room, long roomId, String runId, int bodySize) {
        this.session = session;
        this.index = index;
        this.room = room;
        this.roomId = roomId;
        this.prefix = runId + "-" + index + "-";
        this.bodySize = bodySize;
    }

    /** @return false when the socket is closed (nothing was sent) */
    synchronized boolean sendNext(long stampNanos) {
        long number = next;
        log.put(number, stampNanos);
        if (!session.send(ClientFrames.send(roomId, prefix + number, ClientFrames.timedBody(stampNanos, bodySize)))) {
            return false;
        }
        next = number + 1;
        return true;
    }

    synchronized long sentCount() {
        return next;
    }

    /** The number inside one of this sender's clientMsgIds, or -1 for any other id. */
    long numberOf(String clientMsgId) {
        if (clientMsgId == null || !clientMsgId.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(clientMsgId, prefix.length(), clientMsgId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    long sentAt(long number) {
        return log.get(number);
    }

    /** Names one message across all senders, for the ledger's seq-conflict check. */
    long key(long number) {
        return ((long) index << 36) | number;
    }
}
