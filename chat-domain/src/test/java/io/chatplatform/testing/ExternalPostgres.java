package io.chatplatform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests: the server named by {@code CHAT_TEST_POSTGRES_URL} (a JDBC URL, user and password
 * as parameters), else a Testcontainers container where Docker runs, else none, with the reason. Every Spring
 * context gets a schema of its own, dropped when the JVM exits, so runs on a shared server never meet.
 */
public final class ExternalPostgres {

    public static final String URL_VARIABLE = "CHAT_TEST_POSTGRES_URL";

    private static Server server;
    private static String unavailable;
    private static final List<String> createdSchemas = new CopyOnWriteArrayList<>();

    private ExternalPostgres() {
    }

    record Server(String jdbcUrl, String username, String password) {
    }

    /** Why PostgreSQL tests cannot run here, or empty when they can. */
    public static synchronized Optional<String> unavailableReason() {
        resolve();
        return Optional.ofNullable(unavailable);
    }

    /** Points a Spring context at a fresh schema of the test server; Flyway creates and migrates it. */
    public static void register(DynamicPropertyRegistry registry) {
        String url = schemaUrl(newSchema());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> server.username());
        registry.add("spring.datasource.password", () -> server.password());
        registry.add("spring.datasource.driver-class-name", () -> "org.postgresql.Driver");
        registry.add("spring.flyway.schemas", () -> schemaOf(url));
    }

    /** A fresh schema and the JDBC URL that uses it, for contexts built by hand. */
    public static synchronized String newSchemaUrl() {
        return schemaUrl(newSchema());
    }

    public static synchronized String username() {
        resolve();
        return server.username();
    }

    public static synchronized String password() {
        resolve();
        return server.password();
    }

    private static synchronized String newSchema() {
        resolve();
        if (server == null) {
            throw new IllegalStateException("PostgreSQL unavailable: " + unavailable);
        }
        String schema = "chat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createdSchemas.add(schema);
        return schema;
    }

    private static String schemaUrl(String schema) {
        return server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String schemaOf(String url) {
        return url.substring(url.lastIndexOf("currentSchema=") + "currentSchema=".length());
    }

    private static void resolve() {
        if (server != null || unavailable != null) {
            return;
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            server = new Server(url, null, null);
        } else if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            server = new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        } else {
            unavailable = "no PostgreSQL: set " + URL_VARIABLE + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)"
                    + " or run a Docker engine for Testcontainers";
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ExternalPostgres::dropSchemas, "drop-test-schemas"));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void dropSchemas() {
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
