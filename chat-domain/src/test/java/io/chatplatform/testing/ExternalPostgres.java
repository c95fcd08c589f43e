package io.chatplatform.testing;

import static io.chatplatform.testing.ServerLookup.Outcome.found;
import static io.chatplatform.testing.ServerLookup.Outcome.unavailable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests: the server named by {@code CHAT_TEST_POSTGRES_URL} (a JDBC URL, user and password
 * as parameters), else a Testcontainers container where Docker runs, else none, with the reason. Every Spring
 * context gets a schema of its own, dropped when the JVM exits, so runs on a shared server never meet.
 */
public final class ExternalPostgres {

    public static final String URL_VARIABLE = "CHAT_TEST_POSTGRES_URL";

    private static final ServerLookup<Server> POSTGRES = new ServerLookup<>("PostgreSQL", ExternalPostgres::find);
    private static final List<String> createdSchemas = new CopyOnWriteArrayList<>();

    private ExternalPostgres() {
    }

    record Server(String jdbcUrl, String username, String password) {
    }

    /** Why PostgreSQL tests cannot run here, or empty when they can. */
    public static Optional<String> unavailableReason() {
        return POSTGRES.unavailableReason();
    }

    /** Points a Spring context at a fresh schema of the test server; Flyway creates and migrates it. */
    public static void register(DynamicPropertyRegistry registry) {
        String schema = newSchema();
        String url = schemaUrl(schema);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", ExternalPostgres::username);
        registry.add("spring.datasource.password", ExternalPostgres::password);
        registry.add("spring.datasource.driver-class-name", () -> "org.postgresql.Driver");
        registry.add("spring.flyway.schemas", () -> schema);
        // Spring keeps every test class's context, and each its pool, until the JVM ends: a pool that holds only the
        // connections its tests use, and lets idle ones go, keeps the suite under the server's max_connections (100)
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
    }

    /** A fresh schema and the JDBC URL that uses it, for contexts built by hand. */
    public static String newSchemaUrl() {
        return schemaUrl(newSchema());
    }

    /** A fresh schema of the test server and a data source whose connections use it, for tests that run Flyway. */
    public static Schema newSchemaDataSource() {
        String schema = newSchema();
        return new Schema(schema, new DriverManagerDataSource(schemaUrl(schema), username(), password()));
    }

    /** A schema of the test server, by name, and a data source that uses it. */
    public record Schema(String name, DataSource dataSource) {
    }

    public static String username() {
        return POSTGRES.get().username();
    }

    public static String password() {
        return POSTGRES.get().password();
    }

    private static String newSchema() {
        String schema = "chat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createdSchemas.add(schema);
        return schema;
    }

    private static String schemaUrl(String schema) {
        String jdbcUrl = POSTGRES.get().jdbcUrl();
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static ServerLookup.Outcome<Server> find() {
        Server server;
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            server = new Server(configured, null, null);
        } else if (ServerLookup.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            server = new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        } else {
            return unavailable("no PostgreSQL: set " + URL_VARIABLE
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or run a Docker engine for"
                    + " Testcontainers");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchemas(server), "drop-test-schemas"));
        return found(server);
    }

    private static void dropSchemas(Server server) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            for (String schema : createdSchemas) {
                statement.execute("drop schema if exists " + schema + " cascade");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop test schemas " + createdSchemas + ": " + e.getMessage());
        }
    }
}
