package io.chatplatform.testing;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis for tests: the server named by {@code CHAT_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}),
 * else a Testcontainers container where Docker runs, else none, with the reason. Tests isolate themselves with a
 * key prefix of their own ({@code chat.cluster.key-prefix}).
 */
public final class ExternalRedis {

    public static final String URL_VARIABLE = "CHAT_TEST_REDIS_URL";

    private static String url;
    private static String unavailable;

    private ExternalRedis() {
    }

    public static synchronized Optional<String> unavailableReason() {
        resolve();
        return Optional.ofNullable(unavailable);
    }

    public static synchronized String url() {
        resolve();
        if (url == null) {
            throw new IllegalStateException("Redis unavailable: " + unavailable);
        }
        return url;
    }

    private static void resolve() {
        if (url != null || unavailable != null) {
            return;
        }
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            url = configured;
        } else if (dockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            url = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        } else {
            unavailable = "no Redis: set " + URL_VARIABLE + " (e.g. redis://127.0.0.1:6379) or run a Docker engine for"
                    + " Testcontainers";
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
