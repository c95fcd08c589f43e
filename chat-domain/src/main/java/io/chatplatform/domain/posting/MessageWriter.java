package io.chatplatform.domain.posting;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.domain.common.DatabaseProbe;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Lanes;
import io.chatplatform.domain.common.Unavailable;
import io.chatplatform.domain.message.MessageProperties;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.posting.RoomPosting.LockedRoom;
import io.chatplatform.domain.posting.RoomPosting.ReadMarker;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.user.Actor;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores posted messages in batches: a few writer threads, each owning the rooms of its {@link Lanes lane}, take
 * whatever has queued up and store it in one transaction (one commit, batched inserts). A room's messages are
 * numbered under its row lock, so seq stays gap-free across nodes; one thread per room on this node keeps the
 * {@link MessagePosted} events of a room, fired after the commit, in seq order. Each request's future completes
 * only after the commit: an ACK never precedes durability.
 * <p>
 * A database that is away never leaves a post unanswered: once the database has given no sign of life for the store
 * timeout (no statement of the post's writer answered, no {@link DatabaseProbe probe} answered), a post still queued
 * is taken out of the writer's reach and answered {@link Unavailable} (certainly not stored), and one already in a
 * transaction is answered {@link Unavailable} too, which tells the client to resend it with the same
 * {@code clientMsgId} (the resend finds the stored message, or stores it). While the database does answer, however
 * late, posts wait for their commit: a slow database delays ACKs instead of refusing what it would store, and so
 * does a writer waiting for a room's row lock that another node's slow transaction holds (its own statement is
 * silent, but the probe is answered). A full queue answers {@link Unavailable} at once instead of holding the
 * caller's thread.
 */
@Component
class MessageWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);
    /** When a client should resend a post answered {@link Unavailable}: a database restart takes seconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Storing inside a caller's transaction, on the caller's thread: no writer's silence to watch. */
    private static final int NO_LANE = -1;
    /** How many posts of failed attempts {@link #unconfirmed} remembers. */
    private static final int MAX_UNCONFIRMED = 10_000;

    private final RoomPosting posting;
    private final MessageService messages;
    private final MessageInserts inserter;
    private final ThreadReplies threadReplies;
    private final DatabaseProbe database;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final EntityManager entityManager;
    private final Clock clock;
    private final int maxBatch;
    private final long lingerNanos;
    private final List<BlockingQueue<Request>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long storeTimeoutNanos;
    /** Per writer, when it last heard from the database: a statement answered, or a transaction begun. */
    private final AtomicLongArray heard;
    /**
     * The message ids given to posts in attempts that failed, kept a while: such an attempt may have committed with
     * its reply lost, and then nobody announced its messages (after-commit listeners run only for a commit that
     * answered). A later attempt that finds one of them stored under its id announces it. Bounded: the oldest go
     * first.
     */
    private final Map<PostKey, Long> unconfirmed = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<PostKey, Long> eldest) {
                    return size() > MAX_UNCONFIRMED;
                }
            });
    private final ScheduledThreadPoolExecutor deadlines;
    private volatile boolean running = true;

    MessageWriter(RoomPosting posting, MessageService messages, MessageInserts inserter, ThreadReplies threadReplies,
            DatabaseProbe database, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            EntityManager entityManager, Clock clock, MessageProperties properties) {
        this.posting = posting;
        this.messages = messages;
        this.inserter = inserter;
        this.threadReplies = threadReplies;
        this.database = database;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.entityManager = entityManager;
        this.clock = clock;
        this.maxBatch = properties.writerBatchSize();
        this.lingerNanos = properties.writerLinger().toNanos();
        this.storeTimeoutNanos = properties.storeTimeout().toNanos();
        this.deadlines = new ScheduledThreadPoolExecutor(1, DaemonThreads.single("message-writer-deadlines"));
        deadlines.setRemoveOnCancelPolicy(true);
        this.heard = new AtomicLongArray(properties.writerThreads());
        for (int i = 0; i < properties.writerThreads(); i++) {
            BlockingQueue<Request> queue = new LinkedBlockingQueue<>(properties.writerQueueCapacity());
            int lane = i;
            Thread thread = new Thread(() -> drain(queue, lane), "message-writer-" + i);
            thread.setDaemon(true);
            queues.add(queue);
            threads.add(thread);
            thread.start();
        }
    }

    /** A post and its answer; {@code state} says who has it: still queued, taken by a writer, or given up. */
    record Request(Actor sender, Post post, CompletableFuture<PostResult> result, AtomicInteger state) {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int EXPIRED = 2;

        Request(Actor sender, Post post) {
            this(sender, post, new CompletableFuture<>(), new AtomicInteger(QUEUED));
        }

        /** The writer's claim: false if the deadline came first, and the post must not be stored. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** The deadline's claim: true if no writer has it, so it is certainly not stored and never will be. */
        boolean expire() {
            return state.compareAndSet(QUEUED, EXPIRED);
        }

        Long roomId() {
            return post.roomId();
        }

        String clientMsgId() {
            return post.clientMsgId();
        }
    }

    /**
     * Queues a post (its form checked by {@link PostingService}) and answers within the store timeout; a full queue
     * answers {@link Unavailable} at once. Inside a caller's own transaction the message is stored there and then,
     * as part of it.
     */
    CompletableFuture<PostResult> submit(Actor sender, Post post) {
        Long roomId = post.roomId();
        Request request = new Request(sender, post);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            entityManager.flush(); // what the calling transaction wrote so far must be visible to storeAll's statements
            Outcome outcome = storeAll(List.of(request), Checks.THOROUGH, NO_LANE, new HashMap<>()).get(0);
            posting.refreshEntities(List.of(roomId));
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            return CompletableFuture.completedFuture(outcome.result());
        }
        if (!queues.get(Lanes.of(roomId, queues.size())).offer(request)) {
            log.warn("The message writer's queue is full: the database is not keeping up; answering UNAVAILABLE");
            request.result().completeExceptionally(new Unavailable(
                    "too many messages are waiting for the database; resend later", RETRY_AFTER));
            return request.result();
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> expire(request), storeTimeoutNanos / 2,
                TimeUnit.NANOSECONDS);
        request.result().whenComplete((result, failure) -> deadline.cancel(false));
        return request.result();
    }

    /**
     * Looks at a post still unanswered, first half the store timeout after it came, then again as long as it waits.
     * The timeout counts from the database's last sign of life: a statement of the post's writer answered, or a probe
     * answered. Half of it in silence, and the database is probed: the writer may be waiting for a room's row lock
     * that another node holds while the database answers everyone else, or the database may be away. All of it in
     * silence, and a probe that failed since, or none answering within the timeout: a post still queued is given up
     * (no writer will store it: certainly not stored); one in a transaction may yet be committed, so its answer only
     * asks for a resend with the same clientMsgId. So a post is answered within 1.5 times the store timeout of the
     * last sign of life (a probe that hangs is given the timeout), and mostly within the timeout.
     */
    private void expire(Request request) {
        if (request.result().isDone()) {
            return;
        }
        long now = System.nanoTime();
        long lastSign = Math.max(heard.get(Lanes.of(request.roomId(), queues.size())), database.lastAnswered());
        long quiet = now - lastSign;
        long half = storeTimeoutNanos / 2;
        if (quiet < storeTimeoutNanos) {
            if (quiet >= half) {
                database.probe();
            }
            recheck(request, (quiet < half ? half : storeTimeoutNanos) - quiet);
            return;
        }
        if (database.lastFailed() - lastSign < 0) { // no probe has failed in this silence: ask (again), and wait for it
            OptionalLong probing = database.probingSince();
            long since = probing.isPresent() ? probing.getAsLong() : now;
            if (now - since < storeTimeoutNanos) {
                database.probe().whenComplete((answered, failure) -> deadlines.execute(() -> expire(request)));
                recheck(request, since + storeTimeoutNanos - now);
                return;
            }
        }
        String message = request.expire()
                ? "the database did not answer in time; the message was not stored: resend it"
                : "the database did not confirm the message in time; resend it with the same clientMsgId";
        request.result().completeExceptionally(new Unavailable(message, RETRY_AFTER));
    }

    private void recheck(Request request, long delayNanos) {
        deadlines.schedule(() -> expire(request), Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void heard(int lane) {
        if (lane != NO_LANE) {
            heard.set(lane, System.nanoTime());
        }
    }

    private void drain(BlockingQueue<Request> queue, int lane) {
        List<Request> batch = new ArrayList<>(maxBatch);
        ArrivalRate arrivals = new ArrivalRate(System.nanoTime());
        boolean stopping = false;
        while (running && !stopping) {
            try {
                batch.add(queue.take());
                gather(queue, batch, arrivals.expectsWithin(lingerNanos));
                arrivals.taken(batch.size(), System.nanoTime());
            } catch (InterruptedException e) {
                stopping = true; // store what was taken, then stop (with the flag clear: H2 closes its file on I/O
                                 // from an interrupted thread)
            }
            batch.removeIf(request -> !request.take()); // given up at their deadline: answered, never to be stored
            if (!batch.isEmpty()) {
                write(batch, lane);
                batch.clear();
            }
        }
    }

    /**
     * Adds what is queued, then, if more is expected soon, waits up to the linger time for it, so that a stream of
     * posts shares a commit instead of paying one each: on a busy node the commit, not the insert, is what costs.
     * When posts arrive more rarely than that (a few senders waiting for their ACKs, say), waiting would only
     * delay them.
     */
    private void gather(BlockingQueue<Request> queue, List<Request> batch, boolean linger)
            throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        if (!linger) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /**
     * Stores a batch in one transaction. Repeated {@code clientMsgId}s are rare (a client retrying after a lost
     * ACK), so the first attempt leaves finding them to the unique constraint instead of a query per message; if
     * the batch fails, it is stored again looking each message up first (a commit whose reply was lost is found so,
     * answered with its ACK, and announced, which its own commit could not do: {@link #unconfirmed}), and if that
     * fails too, each request on its own, so one bad apple fails alone. When
     * the database is away, nobody can tell whether the batch was stored: every post of it is answered
     * {@link Unavailable}, never "nothing changed", and the client's resend converges on the stored message.
     */
    private void write(List<Request> batch, int lane) {
        List<Outcome> outcomes;
        Map<PostKey, Long> tried = new HashMap<>();
        try {
            outcomes = transactions.execute(status -> storeAll(batch, Checks.FAST, lane, tried));
        } catch (RuntimeException repeatOrFailure) {
            unconfirmed.putAll(tried);
            tried.clear();
            try {
                outcomes = transactions.execute(status -> storeAll(batch, Checks.THOROUGH, lane, tried));
            } catch (RuntimeException e) {
                unconfirmed.putAll(tried);
                if (Unavailable.isOutage(e)) {
                    log.warn("Storing {} message(s) failed, the database is away: {}", batch.size(), e.toString());
                    Unavailable answer = new Unavailable(
                            "the database did not confirm the message; resend it with the same clientMsgId",
                            RETRY_AFTER);
                    batch.forEach(request -> request.result().completeExceptionally(answer));
                } else if (batch.size() == 1) {
                    log.warn("Storing a message failed", e);
                    batch.get(0).result().completeExceptionally(e);
                } else {
                    batch.forEach(request -> write(List.of(request), lane));
                }
                return;
            }
        }
        heard(lane); // the commit answered
        for (Outcome outcome : outcomes) {
            if (outcome.failure() != null) {
                outcome.request().result().completeExceptionally(outcome.failure());
            } else {
                outcome.request().result().complete(outcome.result());
            }
        }
    }

    /**
     * Runs inside one transaction; a request a rule refuses fails alone, the others are stored. A thread reply takes
     * two revs: its own, and the next for its root's new summary ({@link ThreadReplies}). {@code tried} receives the
     * id given to each post, for {@link #unconfirmed} should the transaction fail.
     */
    private List<Outcome> storeAll(List<Request> batch, Checks checks, int lane, Map<PostKey, Long> tried) {
        heard(lane); // a transaction begins: the silence that counts is from here
        Set<Long> roomIds = new HashSet<>();
        batch.forEach(request -> roomIds.add(request.roomId()));
        Map<Long, LockedRoom> locked = posting.lock(roomIds);
        heard(lane);
        ThreadReplies.Batch replies = threadReplies.begin(batch.stream().map(Request::post).toList());
        Map<PostKey, MessageView> storedNow = new HashMap<>();
        Map<MemberKey, ReadMarker> readUpTo = new HashMap<>();
        List<MessageView> inserts = new ArrayList<>(batch.size());
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Request request : batch) {
            LockedRoom room = locked.get(request.roomId());
            String sender = request.sender().userId();
            PostKey key = new PostKey(request.roomId(), sender, request.clientMsgId());
            try {
                if (room == null) {
                    throw RoomAccess.noSuchRoom(request.roomId());
                }
                boolean thorough = checks == Checks.THOROUGH;
                if (!request.sender().isPlatformAdmin() && !posting.isMember(room, sender, thorough)) {
                    throw RoomAccess.noSuchRoom(room.id()); // to an outsider, as if there were no such room
                }
                if (!request.sender().isPlatformAdmin() && posting.isClosed(room, thorough)) {
                    throw DomainException.forbidden("you cannot post in room " + room.id());
                }
                MessageView earlier = storedNow.get(key);
                if (earlier == null && thorough) {
                    earlier = messages.findPost(request.roomId(), sender, request.clientMsgId()).orElse(null);
                }
                if (earlier != null) {
                    if (thorough && earlier.messageId().equals(unconfirmed.get(key))) {
                        // stored by an attempt whose commit did not answer: nobody has announced it yet. Forgotten
                        // once this announcement's own transaction commits, so a failure here leaves it for the next.
                        events.publishEvent(new MessagePosted(earlier, room.membershipVersion(), room.type()));
                        forgetOnCommit(key, earlier.messageId());
                    }
                    outcomes.add(new Outcome(request, new PostResult(earlier, true), null));
                    continue;
                }
                Post post = request.post();
                if (post.threadId() != null) {
                    try {
                        replies.requireRoot(room.id(), post.threadId());
                    } catch (DomainException notARoot) {
                        // A repeat is answered with the original's ACK whatever its threadId, and the quick checks
                        // have not looked for an original yet: they count on the unique key, which this skips.
                        MessageView original = thorough ? null
                                : messages.findPost(request.roomId(), sender, request.clientMsgId()).orElse(null);
                        if (original == null) {
                            throw notARoot;
                        }
                        outcomes.add(new Outcome(request, new PostResult(original, true), null));
                        continue;
                    }
                }
                long seq = room.nextSeq();
                MessageView view = new MessageView(room.id(), inserter.nextId(), seq, sender, post.clientMsgId(),
                        post.body(), clock.instant(), null, null, room.nextRev(), post.threadId(), post.attributes(),
                        null, null);
                inserts.add(view);
                storedNow.put(key, view);
                tried.put(key, view.messageId());
                readUpTo.put(new MemberKey(room.id(), sender), new ReadMarker(room.id(), sender, seq));
                events.publishEvent(new MessagePosted(view, room.membershipVersion(), room.type()));
                if (post.threadId() != null) {
                    replies.replied(view, room.nextRev(), room.membershipVersion());
                }
                outcomes.add(new Outcome(request, new PostResult(view, false), null));
            } catch (DomainException refused) {
                outcomes.add(new Outcome(request, null, refused));
            }
            heard(lane);
        }
        inserter.insertAll(inserts);
        heard(lane);
        replies.save();
        posting.saveLastSeqs(locked.values());
        heard(lane);
        posting.advanceReadMarkers(readUpTo.values());
        heard(lane);
        return outcomes;
    }

    /**
     * How often posts reach one writer, measured over windows of about 100 ms (idle time included), so that it
     * lingers only where the linger is likely to gather another post.
     */
    static final class ArrivalRate {

        private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        private long windowStart;
        private long taken;
        private double perNano;

        ArrivalRate(long now) {
            windowStart = now;
        }

        void taken(int requests, long now) {
            taken += requests;
            long elapsed = now - windowStart;
            if (elapsed >= WINDOW_NANOS) {
                perNano = (double) taken / elapsed;
                taken = 0;
                windowStart = now;
            }
        }

        /** Whether at least one more post is expected within the given time, at the rate last measured. */
        boolean expectsWithin(long nanos) {
            return nanos > 0 && perNano * nanos >= 1.0;
        }
    }

    private void forgetOnCommit(PostKey key, Long messageId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    unconfirmed.remove(key, messageId);
                }
            });
        } else {
            unconfirmed.remove(key, messageId);
        }
    }

    /**
     * FAST leaves repeated {@code clientMsgId}s to the unique constraint and trusts remembered memberships;
     * THOROUGH looks both up: after a FAST batch failed, and inside a caller's transaction.
     */
    private enum Checks { FAST, THOROUGH }

    private record Outcome(Request request, PostResult result, DomainException failure) {
    }

    /**
     * A post's identity within a batch, the unique (room, sender, clientMsgId) of the table. Parts, not one string
     * joined by a separator: ids and clientMsgIds may contain any separator, and two different posts must never
     * share a key (one would be answered with the other's message as its duplicate).
     */
    private record PostKey(Long roomId, String senderId, String clientMsgId) {
    }

    private record MemberKey(Long roomId, String userId) {
    }

    @Override
    public void destroy() {
        running = false;
        threads.forEach(Thread::interrupt);
        deadlines.shutdownNow();
    }
}
