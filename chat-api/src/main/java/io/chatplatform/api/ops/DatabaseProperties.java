package io.chatplatform.api.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.database.*}: how long the server waits for PostgreSQL before it gives up, so that no thread waits
 * for a database that is away or stalled longer than these (applied by {@link DatabaseTimeouts} to a PostgreSQL
 * pool only: embedded H2 has no network to lose).
 *
 * @param connectTimeout   opening a TCP connection and logging in (driver {@code connectTimeout}, {@code loginTimeout})
 * @param socketTimeout    the longest the driver waits for any answer on an open connection (driver
 *                         {@code socketTimeout}); then the connection is closed and the statement fails. The only
 *                         bound that holds when the server, or the network, stops answering altogether
 * @param statementTimeout the longest PostgreSQL itself lets one statement run ({@code statement_timeout}); a
 *                         migration that needs longer is run with it raised
 * @param poolTimeout      the longest a thread waits for a pooled connection (Hikari {@code connectionTimeout})
 * @param validationTimeout the longest the pool spends checking that a connection is alive (Hikari
 *                         {@code validationTimeout})
 * @param healthTimeout    the longest the {@code db} health check waits for its answer before it reports DOWN
 */
public record DatabaseProperties(
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration socketTimeout,
        @DefaultValue("5s") Duration statementTimeout,
        @DefaultValue("2s") Duration poolTimeout,
        @DefaultValue("1s") Duration validationTimeout,
        @DefaultValue("1500ms") Duration healthTimeout) {

    static final String PREFIX = "chat.database";
}
