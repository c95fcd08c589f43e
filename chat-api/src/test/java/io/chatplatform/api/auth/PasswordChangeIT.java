package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What a user does about a password or a token that may have leaked: change the password (proving the current one)
 * or sign out everywhere. Either way every token issued so far is refused at once, on REST and at the handshake, and
 * the sockets opened with them close with 4401; the new token (the answer to the change, or the next login within
 * the same second) works at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordChangeIT extends ChatServerTest {

    static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "a new passphrase";

    @Test
    void aPasswordChangeRefusesEveryEarlierTokenEndsTheOtherDevicesSocketsAndAnswersWithAWorkingToken() {
        String user = uniqueUser("mover");
        String laptop = token(rest.post("/api/auth/register", null, credentials(user, PASSWORD)), 201);
        String phone = login(user, PASSWORD);
        WsClient phoneChat = connect("/ws/chat", phone);
        WsClient laptopNotify = connect("/ws/notify", laptop);

        Response changed = rest.call("PUT", "/api/users/me/password", laptop,
                Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("userId").asString()).isEqualTo(user);
        assertThat(changed.json().path("role").asString()).isEqualTo("USER");
        String next = changed.json().path("accessToken").asString();
        assertThat(rest.get("/api/rooms", next).status()).as("the new token, at once").isEqualTo(200);
        assertProblem(rest.get("/api/rooms", laptop), 401, "UNAUTHORIZED");
        assertProblem(rest.get("/api/rooms", phone), 401, "UNAUTHORIZED");
        assertThat(phoneChat.awaitCloseCode()).isEqualTo(4401);
        assertThat(phoneChat.closeReason()).isEqualTo("token revoked");
        assertThat(laptopNotify.awaitCloseCode()).isEqualTo(4401);
        connect("/ws/chat", next);

        assertProblem(rest.post("/api/auth/login", null, credentials(user, PASSWORD)), 401, "UNAUTHORIZED");
        assertThat(rest.get("/api/rooms", login(user, NEW_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void aChangeWithoutTheCurrentPasswordOrWithAWeakOneChangesNothing() {
        String user = uniqueUser("keeper");
        String token = token(rest.post("/api/auth/register", null, credentials(user, PASSWORD)), 201);

        assertProblem(rest.call("PUT", "/api/users/me/password", token,
                Map.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD)), 403, "FORBIDDEN");
        assertProblem(rest.call("PUT", "/api/users/me/password", token,
                Map.of("currentPassword", PASSWORD, "newPassword", "short")), 400, "BAD_REQUEST");
        assertProblem(rest.call("PUT", "/api/users/me/password", token, Map.of("newPassword", NEW_PASSWORD)), 400,
                "BAD_REQUEST");
        assertProblem(rest.call("PUT", "/api/users/me/password", null,
                Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD)), 401, "UNAUTHORIZED");
        assertProblem(rest.call("PUT", "/api/users/me/password", tokenFor(uniqueUser("kc:elsewhere")),
                Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD)), 403, "FORBIDDEN");

        assertThat(rest.get("/api/rooms", token).status()).as("the token still works").isEqualTo(200);
        login(user, PASSWORD);
    }

    @Test
    void signingOutEverywhereRefusesEveryTokenAndEndsEverySocketWhileSigningInAgainWorksAtOnce() {
        String user = uniqueUser("roamer");
        String first = token(rest.post("/api/auth/register", null, credentials(user, PASSWORD)), 201);
        String second = login(user, PASSWORD);
        WsClient chat = connect("/ws/chat", second);

        Response out = rest.delete("/api/users/me/tokens", first);

        assertThat(out.status()).as("%s", out).isEqualTo(204);
        Response refused = rest.get("/api/rooms", first);
        assertProblem(refused, 401, "UNAUTHORIZED");
        assertThat(refused.json().path("detail").asString()).as("not gone, signed out").isEqualTo("token revoked");
        assertProblem(rest.get("/api/rooms", second), 401, "UNAUTHORIZED");
        assertThat(chat.awaitCloseCode()).isEqualTo(4401);
        assertThat(chat.closeReason()).isEqualTo("token revoked");
        String again = login(user, PASSWORD);
        assertThat(rest.get("/api/rooms", again).status()).as("signed in again within the second").isEqualTo(200);
    }

    @Test
    void aUserOfAnotherIssuerSignsOutEverywhereAndIsNotTakenForADeletedAccount() {
        String user = uniqueUser("kc:visitor");
        String token = tokenFor(user);
        WsClient chat = connect("/ws/chat", token);

        assertThat(rest.delete("/api/users/me/tokens", token).status()).isEqualTo(204);

        assertProblem(rest.get("/api/rooms", token), 401, "UNAUTHORIZED");
        assertThat(chat.awaitCloseCode()).as("sign in again, not gone for good").isEqualTo(4401);
        assertThat(chat.closeReason()).isEqualTo("token revoked");
    }

    private static Map<String, String> credentials(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    private String login(String username, String password) {
        return token(rest.post("/api/auth/login", null, credentials(username, password)), 200);
    }

    private static String token(Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        return response.json().path("accessToken").asString();
    }

    private WsClient connect(String path, String token) {
        WsClient client = track(WsClient.connect(wsUri(path), Map.of("Authorization", "Bearer " + token)));
        client.expect("READY");
        return client;
    }
}
