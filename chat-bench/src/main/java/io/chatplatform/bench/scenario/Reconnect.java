package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.History;
import io.chatplatform.bench.chat.ServerFrame;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.RoomCursor;
import io.chatplatform.bench.stats.RoomLog;
import io.chatplatform.bench.stats.Tally;
import io.chatplatform.bench.ws.HandshakeRefused;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * A server restart as clients live it: {@code clients} users in rooms of {@code members}, all connected, while a
 * poster keeps posting; the restart command drops them all; each comes back on its own with jittered exponential
 * backoff, SYNCs its room from its watermark (paging while {@code hasMore}, again whenever a live frame shows a
 * gap) and keeps the live frames that race the SYNC once. Posting goes on through members already back until every
 * client is READY again, so late ones must SYNC what was posted meanwhile. The run ends when every client holds
 * every seq of its room (from ACKs and every frame anyone saw), or at the catch-up timeout; what is still missing
 * then is loss. Needs SYNC: a target that answers it with ERROR (the Node baseline) is refused before the restart.
 */
public final class Reconnect implements ChatHandler {

    /**
     * @param before         posting before the restart command runs
     * @param catchUpTimeout the longest the run waits, from the drop, for every client to be back and caught up
     */
    public record Plan(int clients, int members, double rate, Duration before, String restartCommand,
            Backoff backoff, Duration catchUpTimeout, int syncLimit, int bodySize) {

        public Plan {
            if (clients < members || clients % members != 0) {
                throw new IllegalArgumentException("--clients must be a multiple of --members: " + clients + ", "
                        + members);
            }
            if (restartCommand == null || restartCommand.isBlank()) {
                throw new IllegalArgumentException("reconnect needs --restart-command (see --help)");
            }
        }

        int rooms() {
            return clients / members;
        }
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Refusals of a SYNC that name when to try it again (docs/protocol.md §10.2). */
    private static final Set<String> RETRIED_CODES = Set.of("RATE_LIMITED", "UNAVAILABLE");
    /** The wait before such a retry when the ERROR names no {@code retryAfterMs}, as the SDKs wait. */
    private static final long DEFAULT_RETRY_AFTER_MS = 1000;

    private final RunContext ctx;
    private final Plan plan;
    private final ReconnectClient[] clients;
    private final RoomLog[] logs;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconnect-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Boolean> syncAnswered = new CompletableFuture<>();
    final LongAdder syncs = new LongAdder();
    final LongAdder pages = new LongAdder();
    final LongAdder duplicatesLive = new LongAdder();
    final LongAdder duplicatesSynced = new LongAdder();
    final LongAdder invalidSeqs = new LongAdder();
    final LongAdder foreignFrames = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final Tally errorCodes = new Tally();
    final Tally closeCodes = new Tally();
    final Tally attemptFailures = new Tally();
    /** Failed attempts after the restart command, with when: the result tells those after the server was back. */
    final Queue<Failure> failuresAfterRestart = new ConcurrentLinkedQueue<>();
    final AtomicLong dropNanos = new AtomicLong();
    /** SYNC sent to its HISTORY page received, for SYNCs sent after the restart command. */
    final LatencyRecorder syncLatency = new LatencyRecorder();
    private long[] roomIds;
    private volatile Poster poster;
    private volatile long restartNanos;
    private volatile boolean stopping;

    public Reconnect(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        this.clients = new ReconnectClient[plan.clients()];
        this.logs = new RoomLog[plan.rooms()];
        for (int r = 0; r < logs.length; r++) {
            logs[r] = new RoomLog();
        }
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        List<ChatSession> sessions = new ArrayList<>(plan.clients());
        for (int i = 0; i < plan.clients(); i++) {
            String user = ctx.runId() + "-r" + (i / plan.members()) + "-m" + (i % plan.members());
            clients[i] = new ReconnectClient(i, i / plan.members(), user, ctx.tokens().mint(user));
            ChatSession session = new ChatSession(i, user, clients[i].token, this);
            clients[i].first(session);
            sessions.add(session);
        }
        ctx.progress().note(String.format("reconnect: connecting %,d clients to %s", plan.clients(),
                ctx.target().baseUrl()));
        Connector connector = new Connector();
        RunResult.Connect connect = connector.connectAll(ctx, sessions,
                session -> clients[session.index()].ready(session, System.nanoTime()));
        if (connect.ready() < plan.clients()) {
            throw new IllegalStateException(String.format("only %,d of %,d clients became ready (%s): the "
                    + "restart must drop every one", connect.ready(), plan.clients(), connector.failures.snapshot()));
        }
        roomIds = RoomSetup.create(ctx, sessions, plan.rooms(), plan.members());
        requireSync();
        poster = new Poster(ctx.runId() + "-p", clients, roomIds, plan.members(), plan.rate(), plan.bodySize());
        Thread posting = new Thread(poster, "poster");
        posting.setDaemon(true);
        posting.start();
        ctx.progress().note(String.format("posting %,.0f msg/s for %d s, then running the restart command",
                plan.rate(), plan.before().toSeconds()));
        Progress.sleepUntil(System.nanoTime() + plan.before().toNanos());

        RestartCommand restart = new RestartCommand(plan.restartCommand());
        long firstTurnAfter = poster.nextTurn();
        poster.measureAcksFrom(firstTurnAfter);
        restartNanos = System.nanoTime();
        restart.start();
        awaitDrop(restart);
        long deadline = dropNanos.get() + plan.catchUpTimeout().toNanos();
        // the old process may take clients back while it shuts down; only sockets to the restarted one count
        waitFor("restart", () -> restart.exit().isDone(), deadline);
        int exit = restart.exit().getNow(-1);
        if (exit != 0) {
            throw new IllegalStateException(restart.exit().isDone() ? "the restart command failed with exit status "
                    + exit : "the restart command did not end within --catch-up-timeout");
        }
        waitFor("back", this::allReady, deadline);
        poster.stop();
        ctx.progress().note("every client is READY again (or time is up): posting stopped");
        waitFor("acks", poster::noneAwaitedOnOpenSocket, Math.min(deadline, System.nanoTime() + 10 * SECOND));
        waitFor("catch-up", this::allCaughtUp, deadline);
        stopping = true;
        RunResult result = new ReconnectResult(ctx, plan, this, clients, logs, poster, firstTurnAfter, restart)
                .build(startedAt, connect, connector);
        closeAll();
        return result;
    }

    /** The Node baseline answers SYNC with ERROR BAD_REQUEST; the scenario means nothing there. */
    private void requireSync() throws Exception {
        ReconnectClient probe = clients[0];
        synchronized (probe) {
            probe.sync(roomIds[0], 1);
        }
        boolean answered;
        try {
            answered = syncAnswered.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            answered = false;
        }
        if (!answered) {
            throw new UnsupportedTarget("the target does not answer SYNC with HISTORY (errors: "
                    + errorCodes.snapshot() + "): reconnect needs a server that keeps history");
        }
    }

    private void awaitDrop(RestartCommand restart) throws Exception {
        long giveUp = restartNanos + 60 * SECOND;
        while (dropNanos.get() == 0) {
            if (restart.exit().isDone() && restart.exit().get() != 0) {
                throw new IllegalStateException("the restart command failed with exit status "
                        + restart.exit().get() + " before any connection dropped");
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("no connection dropped within 60 s of the restart command");
            }
            Thread.sleep(10);
        }
        ctx.progress().note(String.format("dropped %.2f s after the restart command started",
                (dropNanos.get() - restartNanos) / 1e9));
    }

    private void waitFor(String phase, BooleanSupplier done, long deadline) {
        long nextLine = System.nanoTime() + SECOND;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Progress.sleepUntil(Math.min(deadline, System.nanoTime() + 20_000_000));
            if (System.nanoTime() >= nextLine) {
                nextLine += SECOND;
                ctx.progress().line(phase, String.format("%.1f s after the drop: ready %,d/%,d  caught up %,d  "
                        + "SENDs pending %,d  connect attempts %,d", (System.nanoTime() - dropNanos.get()) / 1e9,
                        count(ReconnectClient::isReady), clients.length, countCaughtUp(), poster.pendingCount(),
                        attemptsTotal()));
            }
        }
    }

    private boolean allReady() {
        return count(ReconnectClient::isReady) == clients.length;
    }

    private boolean allCaughtUp() {
        return countCaughtUp() == clients.length;
    }

    int countCaughtUp() {
        int n = 0;
        for (ReconnectClient client : clients) {
            if (client.caughtUp(logs[client.room].lastSeq())) {
                n++;
            }
        }
        return n;
    }

    private int count(java.util.function.Predicate<ReconnectClient> test) {
        int n = 0;
        for (ReconnectClient client : clients) {
            if (test.test(client)) {
                n++;
            }
        }
        return n;
    }

    private long attemptsTotal() {
        long n = 0;
        for (ReconnectClient client : clients) {
            n += client.attempts();
        }
        return n;
    }

    private void schedule(ReconnectClient client, int attempt) {
        schedule(client, attempt, null);
    }

    /** @param retryAfter what the last refusal asked the client to wait, or null */
    private void schedule(ReconnectClient client, int attempt, Duration retryAfter) {
        if (stopping) {
            return;
        }
        double random = ThreadLocalRandom.current().nextDouble();
        long delay = retryAfter == null ? plan.backoff().delayNanos(attempt, random)
                : plan.backoff().delayNanos(attempt, random, retryAfter);
        timers.schedule(() -> attempt(client), delay, TimeUnit.NANOSECONDS);
    }

    private void attempt(ReconnectClient client) {
        if (stopping) {
            return;
        }
        ChatSession session = new ChatSession(client.index, client.userId, client.token, this);
        client.attempting(session);
        session.connect(ctx.client(), ctx.target())
                .orTimeout(ctx.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ready, failure) -> {
                    if (failure == null) {
                        synchronized (client) {
                            if (client.ready(session, System.nanoTime())) {
                                sync(client);
                            }
                        }
                        return;
                    }
                    String reason = Connector.reason(failure);
                    attemptFailures.add(reason);
                    if (restartNanos != 0) {
                        failuresAfterRestart.add(new Failure(reason, System.nanoTime()));
                    }
                    session.abort();
                    int failures = client.failed(session);
                    if (failures > 0) {
                        schedule(client, failures + 1, retryAfter(failure));
                    }
                });
    }

    /** A connect attempt that failed, and when ({@link System#nanoTime}). */
    record Failure(String reason, long nanos) {
    }

    private static Duration retryAfter(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeRefused refused) {
                return refused.retryAfter();
            }
        }
        return null;
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        Poster posting = poster;
        if (posting != null) {
            posting.closed(session);
        }
        ReconnectClient client = clients[session.index()];
        long now = System.nanoTime();
        boolean afterRestart = restartNanos != 0;
        if (stopping || !client.closed(session, afterRestart)) {
            return;
        }
        closeCodes.add(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        if (afterRestart) {
            dropNanos.compareAndSet(0, now);
        }
        schedule(client, 1);
    }

    @Override
    public void onMessage(ChatSession session, ServerFrame frame, long receivedNanos) {
        ReconnectClient client = clients[session.index()];
        if (frame.roomId() != roomIds[client.room]) {
            foreignFrames.increment();
            return;
        }
        logs[client.room].record(frame.seq(), frame.clientMsgId());
        synchronized (client) {
            if (!client.isCurrent(session)) {
                return;
            }
            count(client.cursor.receive(frame.seq(), true, receivedNanos));
            if (!client.syncing() && client.cursor.hasGap()) {
                sync(client);
            }
        }
    }

    @Override
    public void onHistory(ChatSession session, History history, long receivedNanos) {
        syncAnswered.complete(true);
        pages.increment();
        ReconnectClient client = clients[session.index()];
        if (roomIds == null || history.roomId() != roomIds[client.room]) {
            foreignFrames.increment();
            return;
        }
        for (int i = 0; i < history.seqs().length; i++) {
            logs[client.room].record(history.seqs()[i], history.clientMsgIds()[i]);
        }
        synchronized (client) {
            if (!client.isCurrent(session)) {
                return;
            }
            if (restartNanos != 0 && client.syncSentNanos() > restartNanos) {
                syncLatency.recordNanos(receivedNanos - client.syncSentNanos());
            }
            long before = client.cursor.watermark();
            for (long seq : history.seqs()) {
                count(client.cursor.receive(seq, false, receivedNanos));
            }
            // a page that did not move the watermark cannot fill the gap: the seq is missing on the server too
            boolean advanced = client.cursor.watermark() > before;
            if (advanced && (history.hasMore() || client.cursor.hasGap())) {
                sync(client);
            } else {
                client.syncDone();
            }
        }
    }

    private void count(RoomCursor.Receipt receipt) {
        switch (receipt) {
            case DUPLICATE -> duplicatesSynced.increment();
            case DUPLICATE_LIVE -> duplicatesLive.increment();
            case INVALID -> invalidSeqs.increment();
            case NEW -> { }
        }
    }

    @Override
    public void onAck(ChatSession session, ServerFrame frame, long receivedNanos) {
        if (frame.clientMsgId() != null) {
            poster.acked(frame.clientMsgId(), receivedNanos);
        }
        logs[clients[session.index()].room].record(frame.seq(), frame.clientMsgId());
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        errorCodes.add(frame.code());
        if ("SYNC".equals(frame.ref())) {
            syncAnswered.complete(false);
            ReconnectClient client = clients[session.index()];
            if (RETRIED_CODES.contains(frame.code()) && !stopping) {
                // refused before anything was read: the same SYNC again after retryAfterMs, as the SDKs do; the
                // client stays syncing meanwhile, so a live gap does not send a second one
                long delay = frame.retryAfterMs() > 0 ? frame.retryAfterMs() : DEFAULT_RETRY_AFTER_MS;
                timers.schedule(() -> syncAgain(client, session), delay, TimeUnit.MILLISECONDS);
            } else {
                client.syncDone();
            }
        } else if (frame.ref() != null && poster != null && poster.refusedBy(frame.ref())) {
            sendErrors.increment();
        }
    }

    /** Asks for everything after the client's watermark on its current socket, counted. Caller holds the monitor. */
    private void sync(ReconnectClient client) {
        client.sync(roomIds[client.room], plan.syncLimit());
        syncs.increment();
    }

    private void syncAgain(ReconnectClient client, ChatSession session) {
        synchronized (client) {
            if (!stopping && client.isCurrent(session) && client.isReady()) {
                sync(client);
            }
        }
    }

    private void closeAll() throws InterruptedException {
        stopping = true;
        timers.shutdownNow();
        List<ChatSession> open = new ArrayList<>();
        for (ReconnectClient client : clients) {
            ChatSession session = client.current();
            if (session != null) {
                open.add(session);
            }
        }
        ChatSession.closeAll(open, Duration.ofSeconds(10));
    }
}
