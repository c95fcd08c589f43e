package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.stats.Tally;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Gives one room its history for the {@code sync} scenario: {@code messages} SENDs with {@code edits} EDITs of
 * earlier messages and {@code renames} renames spread evenly among them, keeping at most {@code window} SENDs and
 * EDITs unanswered. What the room holds afterwards is taken from the writer's own answers (ACKs, and the
 * MESSAGE_UPDATED every member receives, the latest rev winning), never from the readers being checked.
 */
final class SyncWriter implements ChatHandler {

    /** What a reader must end with: each seq's message and body, and the room's name. */
    record Truth(long[] messageIdBySeq, Map<Long, String> bodyByMessageId, String name) {
    }

    private final RunContext ctx;
    private final SyncCatchUp.Plan plan;
    private volatile long roomId = -1;
    private final Semaphore window;
    private final Tally errors = new Tally();
    private final long[] messageIdBySeq;
    private final long[] ackedIds;
    private final Map<Long, String> bodies = new HashMap<>();
    private final Map<Long, Long> bodyRevs = new HashMap<>();
    private final Map<String, String> sentBodies = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(16);
    private int acked;
    private int editsConfirmed;
    private volatile String name;

    SyncWriter(RunContext ctx, SyncCatchUp.Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        this.window = new Semaphore(plan.window());
        this.messageIdBySeq = new long[plan.messages() + 1];
        this.ackedIds = new long[plan.messages()];
    }

    /** Posts, edits and renames in the room; returns once every SEND and EDIT is answered, or fails. */
    Truth write(ChatSession writer, long room) throws Exception {
        roomId = room;
        long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        int edits = 0;
        int renames = 0;
        for (int k = 1; k <= plan.messages(); k++) {
            acquire();
            String clientMsgId = ctx.runId() + "-s" + k;
            String body = padded("m" + k, 'x');
            synchronized (this) {
                sentBodies.put(clientMsgId, body);
            }
            requireSent(writer.send(ClientFrames.send(roomId, clientMsgId, body)));
            for (; edits < (long) k * plan.edits() / plan.messages(); edits++) {
                long target = editTarget();
                acquire();
                requireSent(writer.send(ClientFrames.edit(roomId, target, padded("e" + (edits + 1) + " of "
                        + target, 'y'))));
            }
            for (; renames < (long) k * plan.renames() / plan.messages(); renames++) {
                String newName = ctx.runId() + " sync room, name " + (renames + 1);
                ctx.rest().renameRoom(writer.token(), roomId, newName);
                name = newName;
            }
            if (System.nanoTime() >= nextLine) {
                nextLine += TimeUnit.SECONDS.toNanos(1);
                ctx.progress().line("write", progress(k, edits, renames));
            }
        }
        if (!window.tryAcquire(plan.window(), 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("SENDs or EDITs unanswered 60 s after the last one: " + progress(
                    plan.messages(), edits, renames));
        }
        synchronized (this) {
            if (acked != plan.messages() || editsConfirmed != plan.edits() || !errors.snapshot().isEmpty()) {
                throw new IllegalStateException("the room's history is not what was asked: " + progress(
                        plan.messages(), edits, renames) + ", errors " + errors.snapshot());
            }
            return new Truth(messageIdBySeq.clone(), Map.copyOf(bodies), name);
        }
    }

    private synchronized String progress(int posted, int edits, int renames) {
        return String.format("posted %,d/%,d (ACKed %,d), edits %,d/%,d (confirmed %,d), renames %,d/%,d, "
                + "unanswered %d", posted, plan.messages(), acked, edits, plan.edits(), editsConfirmed, renames,
                plan.renames(), plan.window() - window.availablePermits());
    }

    /** An ACKed message, any of them: most edits are of messages posted long before, as in a real room. */
    private long editTarget() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            synchronized (this) {
                if (acked > 0) {
                    return ackedIds[random.nextInt(acked)];
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new IllegalStateException("no SEND ACKed within 30 s");
                }
                wait(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
            }
        }
    }

    private void acquire() throws InterruptedException {
        if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no answer to a SEND or EDIT for 60 s");
        }
    }

    private static void requireSent(boolean sent) {
        if (!sent) {
            throw new IllegalStateException("the writer's socket closed");
        }
    }

    private String padded(String head, char fill) {
        StringBuilder body = new StringBuilder(plan.bodySize()).append(head).append(' ');
        while (body.length() < plan.bodySize()) {
            body.append(fill);
        }
        return body.toString();
    }

    @Override
    public boolean onFrame(ChatSession session, byte[] buffer, int offset, int length, long receivedNanos) {
        SyncFrame frame = SyncFrame.parse(buffer, offset, length);
        if (frame == null || frame.type() == null || frame.type().equals("READY") || roomId < 0) {
            return false;
        }
        switch (frame.type()) {
            case "ACK" -> acked(frame);
            case SyncFrame.MESSAGE_UPDATED -> edited(frame);
            case "ERROR" -> {
                errors.add(frame.code() + " (" + frame.ref() + ")");
                window.release();
            }
            default -> { } // its own MESSAGEs, ROOM_UPDATED, PRESENCE: the answers above are what counts
        }
        return true;
    }

    private void acked(SyncFrame frame) {
        synchronized (this) {
            String body = sentBodies.remove(frame.clientMsgId());
            if (body == null || frame.seq() < 1 || frame.seq() > plan.messages() || frame.roomId() != roomId) {
                errors.add("unexpected ACK " + frame.clientMsgId() + " seq " + frame.seq());
                return;
            }
            messageIdBySeq[(int) frame.seq()] = frame.messageId();
            ackedIds[acked++] = frame.messageId();
            bodies.putIfAbsent(frame.messageId(), body);
            notifyAll();
        }
        window.release();
    }

    private void edited(SyncFrame frame) {
        synchronized (this) {
            editsConfirmed++;
            // edits of one message may be answered out of rev order; the room keeps the latest rev's body
            if (frame.rev() > bodyRevs.getOrDefault(frame.messageId(), -1L)) {
                bodyRevs.put(frame.messageId(), frame.rev());
                bodies.put(frame.messageId(), frame.body());
            }
        }
        window.release();
    }

    Map<String, Long> errors() {
        return errors.snapshot();
    }
}
