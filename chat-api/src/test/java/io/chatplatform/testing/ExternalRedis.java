package io.chatplatform.testing;

import static io.chatplatform.testing.ServerLookup.Outcome.found;
import static io.chatplatform.testing.ServerLookup.Outcome.unavailable;

import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis for tests: the server named by {@code CHAT_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}),
 * else a Testcontainers container where Docker runs, else none, with the reason. Tests isolate themselves with a
 * key prefix of their own ({@code chat.cluster.key-prefix}).
 */
public final class ExternalRedis {

    public static final String URL_VARIABLE = "CHAT_TEST_REDIS_URL";

    private static final ServerLookup<String> REDIS = new ServerLookup<>("Redis", ExternalRedis::find);

    private ExternalRedis() {
    }

    public static Optional<String> unavailableReason() {
        return REDIS.unavailableReason();
    }

    public static String url() {
        return REDIS.get();
    }

    private static ServerLookup.Outcome<String> find() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return found(configured);
        }
        if (!ServerLookup.dockerAvailable()) {
            return unavailable("no Redis: set " + URL_VARIABLE + " (e.g. redis://127.0.0.1:6379) or run a Docker"
                    + " engine for Testcontainers");
        }
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        return found("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
    }
}
