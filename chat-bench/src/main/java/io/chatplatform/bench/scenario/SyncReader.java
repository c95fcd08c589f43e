package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A reader that has seen nothing of a room catching up with it, one way at a time: by rev (SYNC afterRev 0, apply
 * each CHANGES page, SYNC again from its {@code rev} while {@code hasMore}) or by seq (SYNC afterSeq 0, HISTORY
 * pages, SYNC again after the last seq while {@code hasMore}). It applies what it receives as a client would (a
 * body per message, the room's name) and, once done, checks the result against the writer's {@link SyncWriter.Truth}.
 * Callbacks run on the session's I/O thread; a catch-up's state is handed over through its future.
 */
final class SyncReader implements ChatHandler {

    enum Mode {
        BY_REV("byRev"), BY_SEQ("bySeq");

        final String key;

        Mode(String key) {
            this.key = key;
        }
    }

    /** One catch-up: what it cost and what it found wrong. */
    record Catch(Mode mode, long nanos, long syncs, long entries, long messages, long bytes, long reached,
            List<String> problems) {
    }

    private final long roomId;
    private final int limit;
    private ChatSession session;
    private Mode mode;
    private CompletableFuture<Catch> done;
    private long startNanos;
    private long syncs;
    private long entries;
    private long messages;
    private long bytes;
    private long reached;
    private long lastRev;
    private long outOfOrder;
    private long duplicates;
    private long unexpected;
    private BitSet seqs;
    private Map<Long, String> bodies;
    private Map<Long, Long> seqByMessageId;
    private String name;
    private final List<String> protocolProblems = new ArrayList<>();

    SyncReader(long roomId, int limit) {
        this.roomId = roomId;
        this.limit = limit;
    }

    /** Starts a catch-up from nothing; the future completes with the last page (or an ERROR). */
    synchronized CompletableFuture<Catch> start(ChatSession reader, Mode how) {
        session = reader;
        mode = how;
        done = new CompletableFuture<>();
        syncs = 0;
        entries = 0;
        messages = 0;
        bytes = 0;
        reached = 0;
        lastRev = 0;
        outOfOrder = 0;
        duplicates = 0;
        unexpected = 0;
        seqs = new BitSet();
        bodies = new HashMap<>();
        seqByMessageId = new HashMap<>();
        name = null;
        protocolProblems.clear();
        startNanos = System.nanoTime();
        sync(0);
        return done;
    }

    private void sync(long after) {
        syncs++;
        session.send(mode == Mode.BY_REV ? ClientFrames.syncByRev(roomId, after, limit)
                : ClientFrames.sync(roomId, after, limit));
    }

    @Override
    public synchronized boolean onFrame(ChatSession from, byte[] buffer, int offset, int length, long receivedNanos) {
        SyncFrame frame = SyncFrame.parse(buffer, offset, length);
        if (frame == null || frame.type() == null || frame.type().equals("READY")) {
            return false;
        }
        if (done == null || done.isDone()) {
            return true; // nothing else is expected between catch-ups: the writer has finished
        }
        bytes += length;
        switch (frame.type()) {
            case SyncFrame.CHANGES -> changes(frame);
            case SyncFrame.HISTORY -> history(frame);
            case "ERROR" -> done.completeExceptionally(new IllegalStateException("SYNC answered ERROR "
                    + frame.code() + " (" + frame.ref() + ")"));
            default -> { } // PRESENCE and the like: counted in bytes, nothing to apply
        }
        return true;
    }

    private void changes(SyncFrame page) {
        if (mode != Mode.BY_REV || page.roomId() != roomId) {
            unexpected++;
            return;
        }
        for (SyncFrame change : page.items()) {
            entries++;
            if (change.rev() <= lastRev) {
                outOfOrder++;
            }
            lastRev = Math.max(lastRev, change.rev());
            switch (change.type()) {
                case SyncFrame.MESSAGE -> message(change);
                case SyncFrame.MESSAGE_UPDATED -> bodies.put(change.messageId(), change.body());
                case SyncFrame.ROOM_UPDATED -> name = change.name();
                default -> unexpected++;
            }
        }
        reached = page.rev();
        if (page.hasMore()) {
            sync(page.rev());
        } else {
            finish();
        }
    }

    private void history(SyncFrame page) {
        if (mode != Mode.BY_SEQ || page.roomId() != roomId) {
            unexpected++;
            return;
        }
        for (SyncFrame message : page.items()) {
            entries++;
            if (message.seq() != reached + 1) {
                outOfOrder++;
            }
            reached = Math.max(reached, message.seq());
            message(message);
        }
        if (page.hasMore()) {
            sync(reached);
        } else {
            finish();
        }
    }

    private void message(SyncFrame message) {
        messages++;
        if (message.seq() < 1 || seqs.get((int) message.seq())) {
            duplicates++;
        } else {
            seqs.set((int) message.seq());
        }
        bodies.put(message.messageId(), message.body());
        seqByMessageId.put(message.messageId(), message.seq());
    }

    private void finish() {
        long nanos = System.nanoTime() - startNanos;
        if (outOfOrder > 0) {
            protocolProblems.add(outOfOrder + " entries out of " + (mode == Mode.BY_REV ? "rev" : "seq") + " order");
        }
        if (duplicates > 0) {
            protocolProblems.add(duplicates + " messages received twice (or with an invalid seq)");
        }
        if (unexpected > 0) {
            protocolProblems.add(unexpected + " frames or entries of a kind or room this run did not make");
        }
        done.complete(new Catch(mode, nanos, syncs, entries, messages, bytes, reached,
                List.copyOf(protocolProblems)));
    }

    /**
     * What the last catch-up got wrong against the room as the writer left it: a message missing, one it did not
     * post, a body other than the latest, or (by rev) the room's name.
     */
    synchronized List<String> check(SyncWriter.Truth truth, long expectedReached) {
        List<String> problems = new ArrayList<>();
        int n = truth.messageIdBySeq().length - 1;
        if (reached != expectedReached) {
            problems.add("reached " + reached + ", the room is at " + expectedReached);
        }
        int missing = n - seqs.cardinality();
        if (missing != 0 || seqs.length() != n + 1) {
            problems.add(String.format("%d of seqs 1..%d missing, highest seq %d", missing, n, seqs.length() - 1));
        }
        long wrongBodies = 0;
        long wrongSeqs = 0;
        for (int seq = 1; seq <= n; seq++) {
            long messageId = truth.messageIdBySeq()[seq];
            if (!truth.bodyByMessageId().get(messageId).equals(bodies.get(messageId))) {
                wrongBodies++;
            }
            if (seqByMessageId.getOrDefault(messageId, -1L) != seq) {
                wrongSeqs++;
            }
        }
        if (wrongBodies > 0 || wrongSeqs > 0) {
            problems.add(String.format("%d messages with a body other than their latest, %d with a wrong seq",
                    wrongBodies, wrongSeqs));
        }
        if (mode == Mode.BY_REV && truth.name() != null && !truth.name().equals(name)) {
            problems.add("room name " + name + ", expected " + truth.name());
        }
        return problems;
    }
}
