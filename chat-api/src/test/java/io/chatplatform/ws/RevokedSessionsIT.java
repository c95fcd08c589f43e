package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A revoked token ends the sessions it opened, not only the next handshake: an ADMIN demoted by an operator keeps
 * no ADMIN socket (crowd alerts, admin-only messages, broadcasts) until the token expires. Whether this node made
 * the revocation or learnt it from the periodic reload (the {@code admin} command runs as another process), the
 * sweep of open sessions closes them: 4401 for a demotion or password reset, 4403 for a deleted account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.auth.revocation-reload=1s")
class RevokedSessionsIT extends ChatServerTest {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    UserService users;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDemotedAdminsOpenSessionsAreClosedOnEveryEndpointWhileOthersStay() {
        String ops = uniqueUser("ops");
        users.createAdmin(ops, PASSWORD);
        String adminToken = login(ops);
        WsClient chat = connect("/ws/chat", adminToken);
        WsClient notify = connect("/ws/notify", adminToken);
        WsClient bystander = chat(uniqueUser("bystander"));

        users.changeRole(ops, Role.USER); // what `admin demote` does, here on the serving node

        assertThat(chat.awaitCloseCode()).isEqualTo(4401);
        assertThat(chat.closeReason()).isEqualTo("token revoked");
        assertThat(notify.awaitCloseCode()).isEqualTo(4401);
        bystander.send(Map.of("type", "PING"));
        bystander.expect("PONG");
    }

    @Test
    void aDemotionMadeByAnotherProcessClosesTheSessionOnceTheReloadFindsIt() {
        String ops = uniqueUser("ops");
        users.createAdmin(ops, PASSWORD);
        WsClient chat = connect("/ws/chat", login(ops));

        // The admin command on the same database, from its own process: no event reaches this node.
        jdbc.update("update users set role = 'USER' where id = ?", ops);
        revokeAsAnotherProcess(ops, Instant.now());

        assertThat(chat.awaitCloseCode()).isEqualTo(4401);
        assertThat(chat.closeReason()).isEqualTo("token revoked");
    }

    @Test
    void anAccountDeletedByAnotherNodeThatMissedTheBusIsClosedAsDeleted() {
        String gone = uniqueUser("gone");
        users.createAdmin(gone, PASSWORD);
        WsClient chat = connect("/ws/chat", login(gone));

        // The deletion as another node commits it (the account's row gone, its tokens revoked), unheard of here.
        jdbc.update("delete from users where id = ?", gone);
        jdbc.update("insert into revoked_users (user_id, revoked_at, account_deleted) values (?, ?, true)", gone,
                Timestamp.from(Instant.now()));

        assertThat(chat.awaitCloseCode()).as("for good, not to sign in again").isEqualTo(4403);
        assertThat(chat.closeReason()).isEqualTo("account deleted");
    }

    @Test
    void aSessionRefreshedWithATokenIssuedAfterTheRevocationStaysOpen() {
        String reset = uniqueUser("reset");
        users.createAdmin(reset, PASSWORD);
        String old = login(reset);
        WsClient refreshed = connect("/ws/chat", old);
        WsClient kept = connect("/ws/chat", old);
        long oldIssuedBy = Instant.now().getEpochSecond();
        await().until(() -> Instant.now().getEpochSecond() > oldIssuedBy); // iat counts whole seconds
        refreshed.send(Map.of("type", "REFRESH", "token", login(reset)));
        refreshed.expect("REFRESHED");

        // An operator's password reset, from another process, covering the old token and not the new one.
        revokeAsAnotherProcess(reset, Instant.ofEpochSecond(oldIssuedBy));

        assertThat(kept.awaitCloseCode()).as("the session still on the old token").isEqualTo(4401);
        await().during(Duration.ofSeconds(2)).atMost(WsClient.WAIT).until(() -> !refreshed.isClosed());
        refreshed.send(Map.of("type", "PING"));
        refreshed.expect("PONG");
    }

    /** A revocation committed by another process (the admin command) or a node this one did not hear from. */
    private void revokeAsAnotherProcess(String userId, Instant at) {
        jdbc.update("insert into revoked_users (user_id, revoked_at) values (?, ?)", userId, Timestamp.from(at));
    }

    private String login(String username) {
        Response login = rest.post("/api/auth/login", null, Map.of("username", username, "password", PASSWORD));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.json().path("accessToken").asString();
    }

    private WsClient connect(String path, String token) {
        WsClient client = track(WsClient.connect(wsUri(path), Map.of("Authorization", "Bearer " + token)));
        client.expect("READY");
        return client;
    }
}
