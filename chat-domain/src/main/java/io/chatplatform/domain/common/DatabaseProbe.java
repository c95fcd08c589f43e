package io.chatplatform.domain.common;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Asks the database whether it answers at all, on a thread of its own, one probe at a time: for the readiness check,
 * and for a message writer that has heard nothing for a while and must tell a database that is away (answer
 * UNAVAILABLE) from one that is slow, or busy with another node's transaction on the same room (wait on).
 * <p>
 * A pooled database is probed over a connection of the probe's own, opened with the pool's URL and driver settings
 * (its timeouts included) and kept open between probes: a refused connection then fails the probe at once, instead
 * of after the pool's wait for a free connection, and a pool busy with slow work does not look like an outage.
 * Anything else is probed with a connection from the data source.
 */
@Component
public class DatabaseProbe implements DisposableBean {

    /** {@link Connection#isValid}'s bound, in whole seconds: a stalled database fails the probe after it. */
    private static final int VALIDITY_TIMEOUT_SECONDS = 1;

    private final DataSource dataSource;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(DaemonThreads.single("db-probe"));
    private CompletableFuture<Boolean> running;
    private long runningSince;
    private volatile long lastAnswered = System.nanoTime();
    private volatile long lastFailed = lastAnswered - 1;
    /** Only touched on the prober's thread. */
    private Connection connection;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The probe under way, or a new one: completes with true when the database answered a validity check, false
     * (or exceptionally) when it did not. A stalled probe is waited for, never piled up behind.
     */
    public synchronized CompletableFuture<Boolean> probe() {
        if (running == null || running.isDone()) {
            runningSince = System.nanoTime();
            try {
                running = CompletableFuture.supplyAsync(this::answers, prober);
            } catch (RejectedExecutionException e) { // shutting down
                running = CompletableFuture.completedFuture(false);
            }
        }
        return running;
    }

    /** When ({@link System#nanoTime}) the probe under way began, if one is; else empty. */
    public synchronized OptionalLong probingSince() {
        return running != null && !running.isDone() ? OptionalLong.of(runningSince) : OptionalLong.empty();
    }

    /** When ({@link System#nanoTime}) a probe last heard the database answer; the start of this node before that. */
    public long lastAnswered() {
        return lastAnswered;
    }

    /** When ({@link System#nanoTime}) a probe last failed (no answer, or a refusal); just before the start if never. */
    public long lastFailed() {
        return lastFailed;
    }

    private boolean answers() {
        boolean valid = false;
        try {
            valid = check();
            return valid;
        } catch (SQLException e) {
            closeConnection();
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            if (valid) {
                lastAnswered = System.nanoTime();
            } else {
                lastFailed = System.nanoTime();
            }
        }
    }

    private boolean check() throws SQLException {
        HikariDataSource pool = HikariPools.of(dataSource);
        if (pool == null || pool.getJdbcUrl() == null) {
            try (Connection pooled = dataSource.getConnection()) {
                return pooled.isValid(VALIDITY_TIMEOUT_SECONDS);
            }
        }
        if (connection == null) {
            connection = open(pool);
        }
        if (connection.isValid(VALIDITY_TIMEOUT_SECONDS)) {
            return true;
        }
        closeConnection(); // a connection that failed its check is not trusted again
        return false;
    }

    private static Connection open(HikariDataSource pool) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already: nothing to release
            }
            connection = null;
        }
    }

    @Override
    public void destroy() {
        prober.execute(this::closeConnection); // after a probe under way, on the thread that owns the connection
        prober.shutdown();
    }
}
