package io.chatplatform.domain.message;

import com.zaxxer.hikari.HikariDataSource;
import io.chatplatform.domain.common.HikariPools;
import io.chatplatform.domain.common.Unavailable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A bulkhead between clients' reads of rooms and the message writer: at most {@link #permits()} of those reads (a
 * SYNC, a page of history, of changes or of a thread) use the database at once on this node; the others wait here,
 * in arrival order, before they take a pooled connection. The rest of the pool stays free for what every client is
 * waiting on: the message writer's commits and room delivery's reads.
 *
 * <p>Why: after a restart every reconnecting client SYNCs at once. Unbounded, their reads held every pooled
 * connection, and the writer queued for one behind them: SENDs of clients already back were ACKed only as the storm
 * ended (ACK p50 3.3–6.3 s in {@code bench/compare.sh reconnect}, a poster held at its cap of unACKed SENDs). With
 * the reads bounded, the same storm ACKs in 35–60 ms (BENCHMARKS.md, session 16).
 *
 * <p>A read waits for its turn at most as long as the pool makes a thread wait for a connection (Hikari's
 * {@code connectionTimeout}); then it fails {@code UNAVAILABLE}, as a pool timeout would. Reads by the server
 * itself (delivery, posting) do not pass here. Callers must not hold a connection (be in a transaction) while they
 * wait for a turn: enough of them could hold the connections the readers in their turns need.
 */
@Component
public class ClientReads {

    private static final Logger log = LoggerFactory.getLogger(ClientReads.class);
    /** Connections kept apart besides the writers': room delivery's first reads of a room, and everything else. */
    static final int RESERVED = 3;
    private static final int DEFAULT_POOL_SIZE = 10;
    private static final Duration DEFAULT_POOL_WAIT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore turns;
    private final int permits;
    private final Duration maxWait;

    @Autowired
    ClientReads(MessageProperties properties, DataSource dataSource, ObjectProvider<MeterRegistry> meters) {
        HikariDataSource pool = HikariPools.of(dataSource);
        int poolSize = pool == null ? DEFAULT_POOL_SIZE : pool.getMaximumPoolSize();
        this.permits = properties.clientReads() > 0 ? properties.clientReads()
                : derived(poolSize, properties.writerThreads());
        this.maxWait = pool == null ? DEFAULT_POOL_WAIT : Duration.ofMillis(pool.getConnectionTimeout());
        this.turns = new Semaphore(permits, true);
        meters.ifAvailable(registry -> Gauge.builder("chat.db.client.reads.waiting", this, ClientReads::waiting)
                .description("clients' reads of rooms waiting for their turn at the database").register(registry));
        log.info("Clients' reads of rooms: at most {} at once; pool {} connections, writer threads {}",
                permits, poolSize, properties.writerThreads());
    }

    /** Reads with a fixed number of turns, waiting at most {@code maxWait} for one: for tests. */
    ClientReads(int permits, Duration maxWait) {
        this.permits = permits;
        this.maxWait = maxWait;
        this.turns = new Semaphore(permits, true);
    }

    /** The pool less the writers' connections and {@link #RESERVED} more; at least one. */
    static int derived(int poolSize, int writerThreads) {
        return Math.max(1, poolSize - writerThreads - RESERVED);
    }

    /** How many clients' reads may use the database at once. */
    public int permits() {
        return permits;
    }

    /** How many clients' reads are waiting for a turn now (an estimate, as {@link Semaphore#getQueueLength()}). */
    public int waiting() {
        return turns.getQueueLength();
    }

    /** Runs {@code read} in its turn; {@code UNAVAILABLE} when no turn came within the pool's wait. */
    <T> T run(Supplier<T> read) {
        try {
            if (!turns.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new Unavailable("too many reads are waiting for the database; retry later", RETRY_AFTER);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the database", RETRY_AFTER);
        }
        try {
            return read.get();
        } finally {
            turns.release();
        }
    }
}
