package io.chatplatform.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A client of {@code /ws/chat} that survives the network: it reconnects with capped exponential backoff and jitter,
 * refreshes its token before {@code exp}, keeps unacknowledged SENDs in an outbox and resends them with the same
 * {@code clientMsgId} until ACKed (so each is stored once), catches up every room it follows by {@code rev} after a
 * reconnect or a gap, drops duplicates, and hands each room's changes to the application in rev order, exactly once.
 *
 * <pre>{@code
 * ChatClient client = ChatClient.builder(URI.create("ws://localhost:8080/ws/chat")).token(jwt).build();
 * client.on("message", m -> System.out.println(m.string("senderId") + ": " + m.string("body")));
 * client.connect().join();
 * client.sync(roomId);                                   // follow the room from its first change
 * Ack ack = client.send(roomId, "hello").join();         // durable once this completes
 * }</pre>
 *
 * <p><b>Events.</b> {@link #on} subscribes to every server frame by its lower-case type ({@code message},
 * {@code message_updated}, {@code reaction}, {@code typing}, {@code ready}, …; {@code "*"} for all; {@code ack} once
 * per send, however many ACKs its resends bring), and to {@code state} ({@code {"type":"state","state":"OPEN"}}),
 * {@code gap} ({@code {"type":"gap","roomId","rev","seen"}}, changes after {@code rev} are missing and are being
 * fetched), {@code room_lost} ({@code {"type":"room_lost","roomId","code","message"}}, a followed room can no longer
 * be read: its catch-up SYNC was refused NOT_FOUND or FORBIDDEN, the user having been removed or the room deleted while
 * away; it is no longer followed) and {@code error} (every ERROR frame, and the client's own failures, code
 * {@code CONNECTION} or {@code UNAUTHORIZED}, or {@code FORBIDDEN} when a 4403 stops it). CHANGES pages are not
 * delivered as such: their entries are, one event each, marked {@link Frame#replayed()}.
 *
 * <p><b>Guarantees.</b> For each room the client follows, the room change frames ({@code message},
 * {@code message_updated}, {@code message_deleted}, {@code reaction}, {@code thread_updated}, {@code member_*},
 * {@code room_updated}) reach the application in {@code rev} order (so messages in {@code seq} order), each change at
 * most once, and, as long as the client is not closed and the room stays readable, every change after the point the
 * client started following it at least once: exactly once across disconnects. A replayed MESSAGE is the message as it
 * is now, so changes compacted into it are not delivered separately. Other frames (typing, read, presence…) are
 * delivered as they arrive and are not replayed after a reconnect.
 *
 * <p>A room is followed from {@link #sync(long)} (from its first change), {@link #follow(long, long)} (after a rev the
 * application kept), or else from the first change frame of it the client receives. When the application syncs or
 * follows a room that a live frame made the client follow from a later rev (a sync just after connect, overtaken by
 * a frame of an active room), the room is caught up from the application's rev all the same: the changes before
 * that frame are delivered after it, each once (those delivered live are not repeated), then in rev order again.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. The client's state lives on one thread of its own;
 * listener callbacks, and the completion of the futures it returns, run one at a time in the order the events
 * happened, on the callback executor (by default one thread per client). A slow listener delays later events, never
 * the connection (events wait in an unbounded queue meanwhile). Never block a listener on one of this client's
 * futures: it completes on the thread the listener holds.
 */
public final class ChatClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChatClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** The wait before resending a frame refused RATE_LIMITED or UNAVAILABLE without a {@code retryAfterMs}. */
    private static final long DEFAULT_RETRY_AFTER_MS = 1000;
    /** The close code of a frame larger than the server takes. */
    private static final int CLOSE_TOO_BIG = 1009;

    private final Builder options;
    private final Events events;
    private final ScheduledExecutorService loop;
    private final ExecutorService ownCallbackThread;
    private final Connection connection;
    private final Outbox outbox = new Outbox();
    private final RoomLog rooms;
    private final Map<Long, Long> revs = new ConcurrentHashMap<>();
    private final Map<Long, List<CompletableFuture<Long>>> syncWaiters = new HashMap<>();
    private final ArrayDeque<Long> syncsInFlight = new ArrayDeque<>();
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

    /** Owned by the loop thread. */
    private ScheduledFuture<?> flushTimer;
    /** Why the connection stopped for good (close(), a token refused for good, 4403): later sends fail with it. */
    private ChatException stoppedBy;
    /**
     * Flow control of the outbox: at most {@code window} SENDs unanswered on the connection ({@code inFlight}); each
     * ACK doubles it, up to maxInFlight. A RATE_LIMITED answer (a server with pacing off refuses what comes over its
     * rate) pauses the outbox for {@code retryAfterMs} (the longest named while paused) and starts the window over at
     * 1; from then on each ACK grows it by one only ({@code rateLimited}), until it is back at maxInFlight. So a long
     * outbox goes in pieces the server takes, with few refusals, rather than all at once into refusals and, after
     * flood-limit of them in a row, a 1008 close, after every reconnect. Order is not kept across refusals: the
     * SENDs in flight behind a refused one may be stored before it is resent.
     */
    private int window;
    private int inFlight;
    private boolean rateLimited;
    private ScheduledFuture<?> pause;
    private long pauseEndsAt;
    /** The largest frame written on the current connection, and its outbox entry if a SEND: what a 1009 is about. */
    private int largestWrittenLength = -1;
    private Outbox.Entry largestWrittenSend;
    /** The connection on which the outbox was let go (after its catch-up, or the sync timeout). */
    private long releasedOn = -1;

    private ChatClient(Builder options) {
        this.options = options;
        int number = CLIENTS.incrementAndGet();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("chat-client-" + number),
                new ThreadPoolExecutor.DiscardPolicy()); // callbacks of the JDK's socket after close() have nothing to do
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.loop = executor;
        if (options.callbackExecutor == null) {
            this.ownCallbackThread = Executors.newSingleThreadExecutor(daemon("chat-client-" + number + "-events"));
            this.events = new Events(ownCallbackThread);
        } else {
            this.ownCallbackThread = null;
            this.events = new Events(options.callbackExecutor);
        }
        this.rooms = new RoomLog(new RoomSink(), 500);
        this.window = options.maxInFlight;
        this.connection = new Connection(options, loop, new Session());
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    // ---- API -----------------------------------------------------------------------------------------------------

    /**
     * Subscribes to an event: a server frame type in lower case, {@code state}, {@code gap}, {@code room_lost},
     * {@code error}, or {@code "*"} for every one. Closing the returned handle unsubscribes.
     */
    public AutoCloseable on(String event, Consumer<Frame> listener) {
        return events.on(event.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(listener));
    }

    /**
     * Starts connecting (and keeps the connection up until {@link #close()}). The future completes at the first READY,
     * or fails if the client is closed first, e.g. because the token is refused.
     */
    public CompletableFuture<Void> connect() {
        loop.execute(connection::start);
        return firstReady.copy();
    }

    /**
     * Sends a message. The future completes with the ACK once the message is durable; while the client is offline the
     * message waits in the outbox, and it is resent with the same {@code clientMsgId} after each reconnect until
     * answered, after 15 s without an answer on a live connection, and after {@code retryAfterMs} when refused as
     * RATE_LIMITED or UNAVAILABLE, so the server stores it once. At most {@link Builder#maxInFlight} sends are
     * unanswered at once; the others wait their turn in the outbox. It fails with a {@link ChatException} when the
     * server refuses it for good, or when the client has stopped (closed, or refused for good: {@code UNAUTHORIZED},
     * {@code FORBIDDEN}), at once if it had already; at once with {@code TOO_LARGE} when the frame is larger than
     * {@link Builder#maxFrameBytes}, and with {@code BAD_REQUEST} when its attributes have no JSON form (a
     * {@code Double.NaN}, say).
     */
    public CompletableFuture<Ack> send(long roomId, String body) {
        return send(roomId, body, SendOptions.none());
    }

    public CompletableFuture<Ack> send(long roomId, String body, SendOptions send) {
        String clientMsgId = send.clientMsgId() != null ? send.clientMsgId() : UUID.randomUUID().toString();
        Frame frame = Frame.of("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", body,
                "threadId", send.threadId(), "attributes", send.attributes() == null ? null
                        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(send.attributes())));
        int length;
        try {
            length = frameLength(frame);
        } catch (Json.JsonException e) {
            // attributes with no JSON form (NaN, infinity, an object the codec does not know): never sendable
            return CompletableFuture.failedFuture(new ChatException("BAD_REQUEST", "the SEND has no JSON form: "
                    + e.getMessage()));
        }
        if (length > options.maxFrameBytes) {
            // The server would not answer it but close the connection (1009), and the outbox would send it again
            // after every reconnect, for ever.
            return CompletableFuture.failedFuture(new ChatException("TOO_LARGE", "the SEND frame is " + length
                    + " characters, more than " + options.maxFrameBytes + " (the server's chat.ws.max-frame-size)"));
        }
        CompletableFuture<Ack> result = new CompletableFuture<>();
        boolean running = onLoop(() -> {
            if (connection.closed()) {
                result.completeExceptionally(stoppedBy);
                return;
            }
            Outbox.Entry entry = outbox.add(frame, length);
            entry.future.whenComplete((ack, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(ack);
                }
            });
            if (entry.sentOn < 0 && readyToSend()) {
                flush(); // it goes now if the window has room, after the older SENDs waiting
            }
        });
        if (!running) {
            result.completeExceptionally(closed());
        }
        return result;
    }

    /**
     * Follows the room (from its first change if the application did not follow it yet, even if a live frame of it
     * came first) and catches it up: the missing changes are delivered as events. The future completes with the
     * room's rev once it is caught up, and fails with the server's code when the SYNC is refused for good (NOT_FOUND,
     * FORBIDDEN, BAD_REQUEST…): the room is not followed.
     */
    public CompletableFuture<Long> sync(long roomId) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        boolean running = onLoop(() -> {
            if (connection.closed()) {
                done.completeExceptionally(stoppedBy);
                return;
            }
            rooms.followByApplication(roomId, 0);
            syncWaiters.computeIfAbsent(roomId, id -> new java.util.ArrayList<>()).add(done);
            if (!rooms.syncing(roomId)) {
                rooms.sync(roomId); // when offline, the next READY catches up every followed room
            }
        });
        if (!running) {
            done.completeExceptionally(closed());
        }
        return done;
    }

    /**
     * Follows a room after a rev the application kept (e.g. across restarts): the changes after it are fetched at once
     * if connected, else after the next READY. Does nothing to a room the application already followed; one followed
     * only from a live frame after that rev is caught up from it as {@link #sync} does.
     */
    public void follow(long roomId, long afterRev) {
        loop.execute(() -> {
            if (rooms.followByApplication(roomId, afterRev)) {
                revs.merge(roomId, afterRev, Math::max);
                rooms.sync(roomId);
            }
        });
    }

    /** The last rev delivered to the application for the room, if it is followed. */
    public OptionalLong rev(long roomId) {
        Long rev = revs.get(roomId);
        return rev == null ? OptionalLong.empty() : OptionalLong.of(rev);
    }

    /** Moves the read marker. Fire and forget: returns false (and sends nothing later) when not connected. */
    public boolean read(long roomId, long seq) {
        return fire(Frame.of("type", "READ", "roomId", roomId, "seq", seq));
    }

    /** Tells the room this user is typing; call it every few seconds while they type. Not queued when offline. */
    public boolean typing(long roomId) {
        return fire(Frame.of("type", "TYPING", "roomId", roomId));
    }

    /** Adds a reaction; confirmed by a {@code reaction} event. Idempotent on the server. Not queued when offline. */
    public boolean react(long roomId, long messageId, String emoji) {
        return fire(Frame.of("type", "REACT", "roomId", roomId, "messageId", messageId, "emoji", emoji));
    }

    public boolean unreact(long roomId, long messageId, String emoji) {
        return fire(Frame.of("type", "UNREACT", "roomId", roomId, "messageId", messageId, "emoji", emoji));
    }

    /**
     * Changes a message's body; confirmed by a {@code message_updated} event. Not queued when offline. Returns false,
     * with an {@code error} event of code {@code TOO_LARGE}, when the frame is over {@link Builder#maxFrameBytes}.
     */
    public boolean edit(long roomId, long messageId, String body) {
        return fire(Frame.of("type", "EDIT", "roomId", roomId, "messageId", messageId, "body", body));
    }

    /** Deletes a message; confirmed by a {@code message_deleted} event. Not queued when offline. */
    public boolean delete(long roomId, long messageId) {
        return fire(Frame.of("type", "DELETE", "roomId", roomId, "messageId", messageId));
    }

    public ConnectionState state() {
        return connection.state();
    }

    /** The user the server says this is (READY), or null before the first READY. */
    public String userId() {
        return connection.userId();
    }

    /** SENDs not ACKed yet. */
    public int pending() {
        if (loop.isShutdown()) {
            return 0;
        }
        try {
            return CompletableFuture.supplyAsync(outbox::size, loop).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0; // closed
        }
    }

    /**
     * Closes the socket (1000) and stops for good: pending sends fail with {@link ChatException#CLOSED}, the state
     * becomes CLOSED, and the client's threads end once the events already queued are delivered.
     */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            loop.submit(() -> connection.stop(null)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close", e);
        }
        loop.shutdown();
        if (ownCallbackThread != null) {
            events.run(ownCallbackThread::shutdown);
        }
    }

    /**
     * Runs a task on the loop thread. False once {@link #close()} has ended the loop, whose executor then drops tasks
     * without a word: the caller must answer for them, or a future would wait for ever. (A task that ran anyway found
     * the connection stopped and gave the same answer.)
     */
    private boolean onLoop(Runnable task) {
        loop.execute(task);
        return !loop.isShutdown();
    }

    private static ChatException closed() {
        return new ChatException(ChatException.CLOSED, "the client is closed");
    }

    /**
     * Test hook: drops the connection as a network failure would (no close handshake); the normal reconnect follows.
     */
    public void dropConnection() {
        loop.execute(connection::drop);
    }

    // ---- frames (loop thread) ------------------------------------------------------------------------------------

    private void dispatch(Frame frame, String type) {
        switch (type) {
            case "ACK" -> acknowledged(frame.longValue("roomId", -1), frame.string("clientMsgId"), Ack.of(frame),
                    frame);
            case "CHANGES" -> {
                syncsInFlight.remove(frame.longValue("roomId"));
                rooms.changes(frame);
                flushWhenCaughtUp();
            }
            case "ERROR" -> onError(frame);
            case "ROOM_DELETED" -> {
                forget(frame.longValue("roomId", -1));
                emit(frame);
            }
            default -> {
                if (RoomLog.isChange(frame)) {
                    if ("MEMBER_LEFT".equals(type) && Objects.equals(frame.string("userId"), connection.userId())) {
                        forget(frame.longValue("roomId")); // losing the room needs no order
                        emit(frame);
                    } else {
                        rooms.offer(frame);
                    }
                } else {
                    emit(frame);
                }
            }
        }
    }

    private void onReady(Frame frame) {
        emit(frame);
        events.run(() -> firstReady.complete(null));
        rooms.syncAll();
        flushWhenCaughtUp();
        if (rooms.anySyncing()) {
            // a CHANGES that never comes must not hold the outbox back for ever
            long attempt = connection.number();
            flushTimer = loop.schedule(() -> {
                if (attempt == connection.number()) {
                    flush();
                }
            }, options.syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void onError(Frame frame) {
        emit(frame);
        String ref = frame.string("ref");
        String code = frame.string("code", "BAD_REQUEST");
        Outbox.Entry entry = outbox.oldest(ref); // the only SEND with that clientMsgId on the wire
        if (entry != null) {
            sendRefused(entry, code, frame);
        } else if ("SYNC".equals(ref)) {
            syncRefused(code, frame);
        }
    }

    /**
     * docs/protocol.md §8: resend after RATE_LIMITED and UNAVAILABLE (nothing was handled or stored; after
     * {@code retryAfterMs}) and INTERNAL (with backoff), same {@code clientMsgId}, kept in the outbox meanwhile; the
     * other codes are final. RATE_LIMITED holds back the whole outbox, not just this SEND (see {@link #window}).
     */
    private void sendRefused(Outbox.Entry entry, String code, Frame error) {
        entry.cancelTimers();
        landed(entry);
        if ("RATE_LIMITED".equals(code)) {
            // Not handled: it and every SEND not sent yet wait for retryAfterMs, then go from a window of one.
            entry.sentOn = -1;
            window = 1;
            rateLimited = true;
            long wait = retryAfterMillis(error);
            long endsAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
            if (pause == null || endsAt - pauseEndsAt > 0) {
                Connection.cancel(pause);
                pauseEndsAt = endsAt;
                pause = loop.schedule(() -> {
                    pause = null;
                    pump();
                }, wait, TimeUnit.MILLISECONDS);
            }
            return;
        }
        long delay;
        if (retriesAfter(code)) {
            delay = retryAfterMillis(error);
        } else if ("INTERNAL".equals(code)) {
            delay = Math.min(30_000, 500L << Math.min(entry.internalErrors++, 6));
        } else {
            outbox.remove(entry.roomId(), entry.clientMsgId());
            pump();
            ChatException refused = new ChatException(code, error.string("message", code));
            events.run(() -> entry.future.completeExceptionally(refused));
            return;
        }
        entry.retry = loop.schedule(() -> {
            entry.retry = null;
            entry.sentOn = -1; // if not sent now, the next flush (after READY or a catch-up) sends it
            if (outbox.holds(entry) && readyToSend()) {
                pump();
            }
        }, Math.max(0, delay), TimeUnit.MILLISECONDS);
        pump();
    }

    /**
     * An ERROR with ref SYNC answers the oldest SYNC in flight: frames of a session are handled in order. RATE_LIMITED,
     * UNAVAILABLE and INTERNAL ask the same SYNC again later; the other codes stop following the room.
     */
    private void syncRefused(String code, Frame error) {
        Long roomId = syncsInFlight.poll();
        if (roomId == null) {
            return;
        }
        rooms.syncFailed(roomId);
        String message = error.string("message");
        if ("NOT_FOUND".equals(code) || "FORBIDDEN".equals(code)) {
            // Removed from the room, or the room was deleted, while away: no MEMBER_LEFT or ROOM_DELETED can be
            // replayed to someone who may no longer read the room, so this event says it.
            forget(roomId, new ChatException(code, message != null ? message : "room " + roomId + " is lost"));
            events.emit("room_lost", Frame.of("type", "room_lost", "roomId", roomId, "code", code, "message", message));
        } else if (!retriesAfter(code) && !"INTERNAL".equals(code)) {
            // BAD_REQUEST, or a code this client does not know: the same SYNC would be refused again, for ever
            // (protocol.md §10.2). The room is no longer followed; the error event has told the refusal.
            forget(roomId, new ChatException(code, message != null ? message : "SYNC refused"));
        } else {
            long delay = retriesAfter(code) ? retryAfterMillis(error) : DEFAULT_RETRY_AFTER_MS;
            long attempt = connection.number();
            loop.schedule(() -> {
                if (attempt == connection.number()) {
                    rooms.sync(roomId);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
        flushWhenCaughtUp();
    }

    /** Codes that mean "not handled, send the same frame again after {@code retryAfterMs}". */
    private static boolean retriesAfter(String code) {
        return "RATE_LIMITED".equals(code) || "UNAVAILABLE".equals(code);
    }

    private static long retryAfterMillis(Frame error) {
        long retryAfter = error.longValue("retryAfterMs", DEFAULT_RETRY_AFTER_MS);
        return retryAfter > 0 ? retryAfter : DEFAULT_RETRY_AFTER_MS;
    }

    private void forget(long roomId) {
        forget(roomId, new ChatException("NOT_FOUND", "room " + roomId + " is gone"));
    }

    /** Stops following the room; the {@link #sync} futures still waiting for it fail with {@code why}. */
    private void forget(long roomId, ChatException why) {
        rooms.forget(roomId);
        revs.remove(roomId);
        syncsInFlight.remove(roomId);
        List<CompletableFuture<Long>> waiters = syncWaiters.remove(roomId);
        if (waiters != null) {
            waiters.forEach(f -> events.run(() -> f.completeExceptionally(why)));
        }
    }

    /**
     * Settles a pending send: its future, then its one {@code ack} event, as in the JavaScript client. The ACK of a
     * resend whose first ACK (or MESSAGE) settled it already finds nothing pending and is dropped.
     */
    private void acknowledged(long roomId, String clientMsgId, Ack ack, Frame frame) {
        Outbox.Entry entry = outbox.remove(roomId, clientMsgId);
        if (entry != null) {
            landed(entry);
            window = (int) Math.min(options.maxInFlight, rateLimited ? window + 1L : 2L * window);
            rateLimited &= window < options.maxInFlight;
            pump();
            events.run(() -> entry.future.complete(ack));
            emit(frame);
        }
    }

    /** Hands a room change to the application; a MESSAGE of ours also settles its pending send. */
    private void deliver(Frame change) {
        Long roomId = change.longValue("roomId");
        Long rev = change.longValue("rev");
        if (roomId != null && rev != null) {
            revs.merge(roomId, rev, Math::max);
        }
        String userId = connection.userId();
        if ("MESSAGE".equals(change.type()) && userId != null && userId.equals(change.string("senderId"))) {
            Outbox.Entry entry = roomId == null ? null : outbox.get(roomId, change.string("clientMsgId"));
            if (entry != null) {
                Ack ack = Ack.of(change);
                acknowledged(roomId, entry.clientMsgId(), ack, ack.frame());
            }
        }
        emit(change);
    }

    // ---- sending (loop thread) -----------------------------------------------------------------------------------

    private boolean readyToSend() {
        return connection.state() == ConnectionState.OPEN && !rooms.anySyncing();
    }

    private void flushWhenCaughtUp() {
        if (connection.state() == ConnectionState.OPEN && !rooms.anySyncing()) {
            flush();
        }
    }

    /** Lets the outbox go, oldest first, after the catch-up (docs/protocol.md §9.2 step 7). */
    private void flush() {
        Connection.cancel(flushTimer);
        releasedOn = connection.number();
        pump();
    }

    /** Sends the SENDs waiting, oldest first, as far as the window lets, once the outbox is let go. */
    private void pump() {
        if (releasedOn != connection.number() || connection.state() != ConnectionState.OPEN) {
            return;
        }
        for (Outbox.Entry entry : outbox.unsentOn(connection.number())) {
            if (pause != null || inFlight >= window) {
                return;
            }
            transmit(entry);
        }
    }

    /** The SEND is answered (or goes again later): it no longer takes a place in the window. */
    private void landed(Outbox.Entry entry) {
        if (entry.inFlight) {
            entry.inFlight = false;
            inFlight--;
        }
    }

    private void transmit(Outbox.Entry entry) {
        if (!entry.inFlight && (pause != null || inFlight >= window)) {
            return; // pump() sends it in its turn
        }
        if (!write(entry.frame, entry.length, entry)) {
            return;
        }
        if (!entry.inFlight) {
            entry.inFlight = true;
            inFlight++;
        }
        long on = connection.number();
        entry.sentOn = on;
        entry.stopWaitingForAnswer();
        // No answer on a live connection (a server fault, a lost frame): the same SEND again is safe (protocol.md §8).
        entry.answerWait = loop.schedule(() -> {
            entry.answerWait = null;
            if (outbox.holds(entry) && on == connection.number()) {
                entry.sentOn = -1; // if not sent now, the flush after the catch-up under way sends it
                if (readyToSend()) {
                    transmit(entry);
                }
            }
        }, options.ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes a frame of {@code length} on the connection (on the loop), noting the largest one written on it. */
    private boolean write(Frame frame, int length, Outbox.Entry send) {
        if (!connection.write(frame)) {
            return false;
        }
        if (length > largestWrittenLength) {
            largestWrittenLength = length;
            largestWrittenSend = send;
        }
        return true;
    }

    /**
     * The server closed the socket for a frame too big (1009): the largest frame written on it. When that was a SEND
     * still in the outbox, it is refused as the server would have (send() measures each against maxFrameBytes, so the
     * server's limit is lower), so that the outbox does not send it again after every reconnect, holding back the
     * SENDs behind it. When it was another frame (an EDIT, say), no SEND is blamed.
     */
    private void refuseLargestSent() {
        Outbox.Entry largest = largestWrittenSend;
        if (largest != null && outbox.holds(largest)) {
            sendRefused(largest, "TOO_LARGE", Frame.of("type", "ERROR", "code", "TOO_LARGE", "ref",
                    largest.clientMsgId(), "message", "the server closed the connection (1009) for a frame too big; "
                            + "this SEND was " + largestWrittenLength + " characters"));
        }
    }

    /**
     * A frame's size as the server measures it against {@code chat.ws.max-frame-size} (protocol.md §12.1): the
     * characters (UTF-16 code units) of its JSON text after decoding, not its UTF-8 bytes on the wire.
     */
    static int frameLength(Frame frame) {
        return frame.toJson().length();
    }

    /**
     * Writes a frame not kept in the outbox. One over {@link Builder#maxFrameBytes} is not written (the server would
     * close the connection with 1009): false, and an {@code error} event with code {@code TOO_LARGE}.
     */
    private boolean fire(Frame frame) {
        if (connection.state() != ConnectionState.OPEN) {
            return false;
        }
        int length = frameLength(frame);
        if (length > options.maxFrameBytes) {
            emitError("TOO_LARGE", "the " + frame.type() + " frame is " + length + " characters, more than "
                    + options.maxFrameBytes + " (the server's chat.ws.max-frame-size): not sent");
            return false;
        }
        loop.execute(() -> write(frame, length, null));
        return true;
    }

    private final class RoomSink implements RoomLog.Sink {
        @Override
        public void deliver(Frame change) {
            ChatClient.this.deliver(change);
        }

        @Override
        public boolean requestSync(long roomId, long afterRev) {
            if (connection.state() != ConnectionState.OPEN
                    || !connection.write(Frame.of("type", "SYNC", "roomId", roomId, "afterRev", afterRev, "limit", options.syncPageSize))) {
                return false;
            }
            syncsInFlight.add(roomId);
            return true;
        }

        @Override
        public void gap(long roomId, long have, long seen) {
            events.emit("gap", Frame.of("type", "gap", "roomId", roomId, "rev", have, "seen", seen));
        }

        @Override
        public void caughtUp(long roomId, long rev) {
            revs.merge(roomId, rev, Math::max);
            List<CompletableFuture<Long>> waiters = syncWaiters.remove(roomId);
            if (waiters != null) {
                waiters.forEach(f -> events.run(() -> f.complete(rev)));
            }
        }
    }

    /** The connection's events: READY and frames to the recovery above, the end to the futures waiting. */
    private final class Session implements Connection.Handler {
        @Override
        public void state(ConnectionState state) {
            events.emit("state", Frame.of("type", "state", "state", state.name()));
        }

        @Override
        public void ready(Frame ready) {
            onReady(ready);
        }

        @Override
        public void frame(Frame frame) {
            dispatch(frame, frame.type());
        }

        @Override
        public void lost(int code) {
            if (code == CLOSE_TOO_BIG) {
                refuseLargestSent();
            }
            largestWrittenLength = -1;
            largestWrittenSend = null;
            Connection.cancel(flushTimer);
            for (Outbox.Entry entry : outbox.entries()) {
                entry.stopWaitingForAnswer(); // the next READY resends them
                entry.inFlight = false;
            }
            inFlight = 0;
            rooms.reset();
            syncsInFlight.clear();
        }

        @Override
        public void stopped(ChatException why) {
            Connection.cancel(flushTimer);
            Connection.cancel(pause);
            pause = null;
            inFlight = 0;
            ChatException failure = why != null ? why : closed();
            stoppedBy = failure;
            for (Outbox.Entry entry : outbox.drain()) {
                events.run(() -> entry.future.completeExceptionally(failure));
            }
            syncWaiters.values().forEach(list -> list.forEach(f -> events.run(() -> f.completeExceptionally(failure))));
            syncWaiters.clear();
            events.run(() -> firstReady.completeExceptionally(failure));
        }

        @Override
        public void error(String code, String message) {
            emitError(code, message);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void emit(Frame frame) {
        events.emit(frame.event(), frame);
    }

    private void emitError(String code, String message) {
        events.emit("error", Frame.of("type", "ERROR", "code", code, "message", message));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Options of a {@link ChatClient}. Only the URL and a token (or a token supplier) are required.
     */
    public static final class Builder {
        final URI url;
        Supplier<? extends CompletionStage<String>> tokens;
        boolean renewableToken;
        String device;
        Executor callbackExecutor;
        HttpClient httpClient;
        Duration backoffBase = Duration.ofMillis(500);
        Duration backoffMax = Duration.ofSeconds(15);
        Duration pingInterval = Duration.ofSeconds(20);
        Duration refreshBefore = Duration.ofSeconds(60);
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readyTimeout = Duration.ofSeconds(10);
        Duration syncTimeout = Duration.ofSeconds(15);
        Duration ackTimeout = Duration.ofSeconds(15);
        int syncPageSize = 100;
        int maxFrameBytes = 65536;
        int maxInFlight = 64;
        Clock clock = Clock.systemUTC();
        DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url);
        }

        /** A fixed token: sent on the handshake; without a supplier the socket ends at its {@code exp}. */
        public Builder token(String token) {
            Objects.requireNonNull(token);
            this.tokens = () -> CompletableFuture.completedFuture(token);
            this.renewableToken = false;
            return this;
        }

        /**
         * Where tokens come from (a login call, your own issuer): asked before every connection and, ahead of the
         * current token's {@code exp}, for the token the client then sends as REFRESH. It may answer asynchronously.
         * A token it gives for a connection that is more than 60 s past its {@code exp} (a JWT's claims are read, not
         * checked) is not offered: the server could only refuse it. One less late is offered (this device's clock may
         * run fast), and its refusal does not count toward the three refusals in a row that end the client. Either
         * way it is asked again after the backoff, so a renewal a little late does no harm.
         */
        public Builder tokenSupplier(Supplier<? extends CompletionStage<String>> tokens) {
            this.tokens = Objects.requireNonNull(tokens);
            this.renewableToken = true;
            return this;
        }

        /** A free label sent as the handshake's {@code device} parameter (e.g. {@code bot}). */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /** Where listener callbacks run (one at a time, in order, whatever the executor). Default: one thread. */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Reconnect waits: full jitter under a ceiling that doubles from {@code base} up to {@code max}. Default
         * 500 ms and 15 s, the JavaScript client's defaults.
         */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /** How often to PING an open connection; one silent for twice this is taken for dead. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        /** How long before {@code exp} to REFRESH (at most a quarter of the token's remaining life). */
        public Builder refreshBefore(Duration lead) {
            this.refreshBefore = lead;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long a socket may wait for READY before it is dropped and tried again. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** How long the outbox waits for the catch-up after a reconnect before it is resent anyway. */
        public Builder syncTimeout(Duration timeout) {
            this.syncTimeout = timeout;
            return this;
        }

        /**
         * How long a SEND waits for an answer on a live connection before it goes again, with the same
         * {@code clientMsgId}: 15 s by default, as the JavaScript client's {@code ackTimeoutMs}.
         */
        public Builder ackTimeout(Duration timeout) {
            this.ackTimeout = timeout;
            return this;
        }

        /** Changes per CHANGES page asked for (the server lowers it to its own limit). */
        public Builder syncPageSize(int size) {
            this.syncPageSize = size;
            return this;
        }

        /**
         * The largest SEND frame the server takes: its {@code chat.ws.max-frame-size}, 65536 by default, as the
         * JavaScript client's {@code maxFrameBytes}. Despite the name, the unit is the server's: characters (UTF-16
         * code units) of the frame's JSON text after decoding, not UTF-8 bytes (a '€' is one character and three
         * bytes). A larger SEND is refused at once with {@code TOO_LARGE}: the server would close the connection
         * (1009) rather than answer it.
         */
        public Builder maxFrameBytes(int characters) {
            this.maxFrameBytes = characters;
            return this;
        }

        /**
         * Flow control of the outbox: at most this many SENDs unanswered at once (default 64, as the JavaScript
         * client's {@code maxInFlight}). A RATE_LIMITED answer pauses the outbox for {@code retryAfterMs} and starts
         * it again one SEND at a time, each ACK adding one up to this number. With more than one SEND in flight, the
         * SENDs behind one the server refuses may be stored before it (see the README's "What is kept, exactly").
         */
        public Builder maxInFlight(int sends) {
            if (sends < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + sends);
            }
            this.maxInFlight = sends;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Uniform in [0, 1): the backoff's jitter. */
        public Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public ChatClient build() {
            if (tokens == null) {
                throw new IllegalStateException("a token or a token supplier is required");
            }
            return new ChatClient(this);
        }
    }
}
