package io.chatplatform.ws;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;

import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Once a node's copy of the token revocations is too old (its reloads failed for two intervals), every token check
 * asks the database. With the database away that check fails as an outage: REST answers 503 problem+json with
 * Retry-After, a handshake 503, an INIT is closed with 1013 (try again later). It was a 500 from the container, two
 * stack traces in the log per call, and a 1011 close (found by a review with a real PostgreSQL stopped for a
 * minute). The spy makes the check fail the way the connection pool does when PostgreSQL is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RevocationCheckOutageIT extends ChatServerTest {

    @MockitoSpyBean
    UserService users;

    @Test
    void aRevocationCheckTheDatabaseCannotAnswerIsUnavailableEverywhere() {
        String alice = uniqueUser("alice");
        String token = tokenFor(alice);
        doThrow(new CannotCreateTransactionException("Could not open JPA EntityManager for transaction"))
                .when(users).isRevoked(eq(alice), any());

        Response rest = this.rest.get("/api/rooms", token);
        assertProblem(rest, 503, "UNAVAILABLE");
        assertThat(rest.header("Retry-After")).contains("1");

        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + token)))
                .contains(503);

        WsClient pending = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
        pending.send(Map.of("type", "INIT", "token", token));
        assertThat(pending.awaitCloseCode()).isEqualTo(1013);
    }
}
