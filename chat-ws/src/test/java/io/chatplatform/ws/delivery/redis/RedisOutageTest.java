package io.chatplatform.ws.delivery.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.common.Unavailable;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis away is an outage (503, ERROR UNAVAILABLE: try again), not a server fault: a review saw login, room
 * creation, presence and every LOCATION answered INTERNAL with a stack trace while Redis was stopped.
 */
class RedisOutageTest {

    @Test
    void aTimedOutCommandOrNoConnectionIsUnavailableSayingRedis() {
        RuntimeException timedOut = new IllegalStateException("rate limit check failed",
                new RedisCommandTimeoutException("Command timed out after 2 second(s)"));

        assertThat(Unavailable.of(timedOut, Duration.ofSeconds(1))).hasValueSatisfying(answer ->
                assertThat(answer.getMessage()).isEqualTo("Redis is not answering; retry later"));
        assertThat(Unavailable.isOutage(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")))
                .isTrue();
    }

    @Test
    void aFailingScriptIsABugNotAnOutage() {
        assertThat(Unavailable.isOutage(new RedisCommandExecutionException("ERR Error running script"))).isFalse();
    }
}
