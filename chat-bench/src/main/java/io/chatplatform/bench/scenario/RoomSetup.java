package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the rooms of a run over REST: room r holds sessions {@code r*members .. r*members+members-1}. */
final class RoomSetup {

    private RoomSetup() {
    }

    /** The first session of each room owns it and lists the others; returns the room ids by room index. */
    static long[] create(RunContext ctx, List<ChatSession> sessions, int rooms, int members) throws Exception {
        ctx.progress().note(String.format("creating %,d room(s) of %,d members over REST", rooms, members));
        long[] roomIds = new long[rooms];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, rooms));
        AtomicInteger created = new AtomicInteger();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                int room = r;
                work.add(pool.submit(() -> {
                    int first = room * members;
                    List<String> others = new ArrayList<>();
                    for (int m = 1; m < members; m++) {
                        others.add(sessions.get(first + m).userId());
                    }
                    roomIds[room] = ctx.rest().createRoom(sessions.get(first).token(),
                            ctx.runId() + " room " + room, others);
                    created.incrementAndGet();
                    return null;
                }));
            }
            long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (Future<?> each : work) {
                while (true) {
                    try {
                        each.get(200, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException notYet) {
                        if (System.nanoTime() > nextLine) {
                            ctx.progress().line("rooms", created.get() + "/" + rooms + " created");
                            nextLine += TimeUnit.SECONDS.toNanos(1);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return roomIds;
    }
}
