package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.stats.RoomCursor;

/**
 * One user of the {@code reconnect} scenario across its successive sockets: which socket is current, whether it is
 * READY, what it holds of its room, whether a SYNC is out, and how it fared after the drop. Its socket's I/O
 * thread, the reconnect timer and the poster all touch it, so every access holds its monitor.
 */
final class ReconnectClient {

    final int index;
    final int room;
    final String userId;
    final String token;
    final RoomCursor cursor = new RoomCursor();
    private ChatSession session;
    private boolean ready;
    private boolean syncing;
    private boolean dropped;
    private int failuresInRow;
    private int attempts;
    private long readyAfterDropNanos;
    private long syncSentNanos;

    ReconnectClient(int index, int room, String userId, String token) {
        this.index = index;
        this.room = room;
        this.userId = userId;
        this.token = token;
    }

    synchronized boolean isCurrent(ChatSession candidate) {
        return session == candidate;
    }

    /** A new socket replaces the old one; counts a connect attempt. */
    synchronized void attempting(ChatSession next) {
        session = next;
        attempts++;
    }

    /** The first socket, opened before anything is measured: not an attempt. */
    synchronized void first(ChatSession initial) {
        session = initial;
    }

    /** @return false when {@code closed} is not the current socket (already replaced) */
    synchronized boolean closed(ChatSession closed, boolean afterRestart) {
        if (session != closed) {
            return false;
        }
        ready = false;
        syncing = false;
        failuresInRow = 0;
        if (afterRestart) {
            // dropped again (e.g. by the old process, which may accept handshakes while it shuts down): only the
            // last READY counts as back
            dropped = true;
            readyAfterDropNanos = 0;
        }
        return true;
    }

    /** @return the failures in a row so far, or -1 when {@code failed} is not the current socket */
    synchronized int failed(ChatSession failed) {
        return session == failed ? ++failuresInRow : -1;
    }

    /** @return false when {@code readySession} is not the current socket */
    synchronized boolean ready(ChatSession readySession, long nowNanos) {
        if (session != readySession) {
            return false;
        }
        ready = true;
        failuresInRow = 0;
        if (dropped) {
            readyAfterDropNanos = nowNanos;
        }
        return true;
    }

    /** The current socket, whatever its state (null before the first). */
    synchronized ChatSession current() {
        return session;
    }

    /** The current socket when READY, else null. */
    synchronized ChatSession readySession() {
        return ready ? session : null;
    }

    /** Asks for everything after the watermark on the current socket. Caller holds the monitor. */
    void sync(long roomId, int limit) {
        syncing = true;
        syncSentNanos = System.nanoTime();
        session.send(ClientFrames.sync(roomId, cursor.watermark(), limit));
    }

    /** When the SYNC now out was sent ({@link System#nanoTime}). Caller holds the monitor. */
    long syncSentNanos() {
        return syncSentNanos;
    }

    synchronized boolean syncing() {
        return syncing;
    }

    synchronized void syncDone() {
        syncing = false;
    }

    synchronized boolean isReady() {
        return ready;
    }

    synchronized boolean wasDropped() {
        return dropped;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized long readyAfterDropNanos() {
        return readyAfterDropNanos;
    }

    /** READY (again, if dropped) and holding every seq up to the room's last. */
    synchronized boolean caughtUp(long lastSeq) {
        return ready && (!dropped || readyAfterDropNanos != 0) && cursor.watermark() >= lastSeq;
    }

    /** When it caught up: the later of its READY after the drop and the last advance of its watermark. */
    synchronized long caughtUpNanos() {
        return Math.max(readyAfterDropNanos, cursor.lastAdvanceNanos());
    }
}
