package io.chatplatform.api.web;

import io.chatplatform.domain.common.DaemonThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.apache.coyote.http11.upgrade.UpgradeProcessorBase;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's worker threads, serving what open connections already asked for ahead of new requests. Tomcat hands
 * every socket event to one queue, first come first served: when a restarted node's clients all come back at once,
 * thousands of handshakes queue up, and the SENDs and SYNCs of the clients already back wait behind them (measured
 * in issue #15's {@code reconnect}: the last clients caught up 4.5–6.7 s after the last READY; 1.2–2.4 s with this
 * order). Here a task for a socket already upgraded to WebSocket (a frame to read, a write to finish) goes ahead of
 * every task for a plain HTTP connection (a new handshake, a REST call); within each kind, first come first served.
 * A handshake storm then holds up the frames of open sessions only by the CPU it takes, not by its queue.
 *
 * <p>Threads as Tomcat's own pool keeps them: {@code minSpare} always there, more started only while every thread is
 * busy, up to {@code max}, and those above {@code minSpare} stopped after a minute idle. (A plain
 * {@code ThreadPoolExecutor} over an unbounded queue would either never grow past its core size or, with the core
 * at the maximum, start a new thread for each task until it had them all, idle ones included.) The queue is
 * unbounded, like Tomcat's own (the connection cap bounds what can be waiting). Tasks that are not socket events
 * (Tomcat's own timeouts and callbacks) count as work of open connections.
 */
final class SessionsFirstExecutor extends ThreadPoolExecutor {

    /** Reads the socket of a task Tomcat hands over (a protected field, with no getter). */
    private static final VarHandle SOCKET = socketField();

    private final Predicate<Runnable> ofOpenSession;
    private final AtomicLong arrivals = new AtomicLong();
    private final LongAdder sessionTasks = new LongAdder();
    private final LongAdder requestTasks = new LongAdder();
    /** Tasks handed over and not finished yet: while there are more than threads, no thread is idle. */
    private final AtomicInteger unfinished = new AtomicInteger();

    SessionsFirstExecutor(int minSpare, int max, String namePrefix) {
        this(minSpare, max, namePrefix, SessionsFirstExecutor::ofUpgradedSocket);
    }

    /**
     * @param ofOpenSession whether a task serves a connection already upgraded (goes first)
     */
    SessionsFirstExecutor(int minSpare, int max, String namePrefix, Predicate<Runnable> ofOpenSession) {
        super(Math.min(minSpare, max), max, 60, TimeUnit.SECONDS, new GrowingQueue(),
                DaemonThreads.named(namePrefix), (task, pool) -> ((GrowingQueue) pool.getQueue()).queue(task));
        ((GrowingQueue) getQueue()).pool = this;
        this.ofOpenSession = ofOpenSession;
    }

    @Override
    public void execute(Runnable task) {
        boolean openSession = ofOpenSession.test(task);
        (openSession ? sessionTasks : requestTasks).increment();
        unfinished.incrementAndGet();
        try {
            super.execute(new Ranked(task, openSession, arrivals.getAndIncrement()));
        } catch (RuntimeException refused) {
            unfinished.decrementAndGet();
            throw refused;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        unfinished.decrementAndGet();
    }

    /** Tasks taken so far for connections already upgraded (and Tomcat's own tasks). */
    long sessionTasks() {
        return sessionTasks.sum();
    }

    /** Tasks taken so far for plain HTTP connections: handshakes, REST calls, pages. */
    long requestTasks() {
        return requestTasks.sum();
    }

    /** A Tomcat socket event whose connection is an upgraded one; any other task (not a socket event) too. */
    static boolean ofUpgradedSocket(Runnable task) {
        if (!(task instanceof SocketProcessorBase<?> event)) {
            return true;
        }
        SocketWrapperBase<?> socket = (SocketWrapperBase<?>) SOCKET.get(event);
        return socket != null && socket.getCurrentProcessor() instanceof UpgradeProcessorBase;
    }

    /**
     * The waiting tasks in their order. It refuses a task while every thread is busy and the pool may still grow,
     * which makes the pool start a thread for it; a task refused when the pool has just reached its maximum is
     * queued after all.
     */
    private static final class GrowingQueue extends PriorityBlockingQueue<Runnable> {

        private SessionsFirstExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            int threads = pool.getPoolSize(); // takes the pool's lock: asked once
            if (pool.unfinished.get() > threads && threads < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void queue(Runnable task) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("Tomcat's workers are shut down");
            }
            super.offer(task);
        }
    }

    /** First the tasks of open sessions, then the others; each kind in arrival order. */
    private record Ranked(Runnable task, boolean openSession, long arrival) implements Runnable, Comparable<Ranked> {

        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Ranked other) {
            if (openSession != other.openSession) {
                return openSession ? -1 : 1;
            }
            return Long.compare(arrival, other.arrival);
        }
    }

    private static VarHandle socketField() {
        try {
            return MethodHandles.privateLookupIn(SocketProcessorBase.class, MethodHandles.lookup())
                    .findVarHandle(SocketProcessorBase.class, "socketWrapper", SocketWrapperBase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
