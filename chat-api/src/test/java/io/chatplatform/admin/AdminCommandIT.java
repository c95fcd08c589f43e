package io.chatplatform.admin;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.ServerProcess;
import io.chatplatform.testing.ServerProcess.Exit;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as operators run it: {@code java -jar chat-server.jar admin ...} against an embedded H2 database
 * in a temporary folder, then the server started on that database; and starts that must be refused.
 */
class AdminCommandIT {

    private static final String PASSWORD = "correct horse battery";
    /** Generous: a cold JVM on a busy CI machine has been seen to take over two minutes to start. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Made at run time: a secret written here would be published, and the prod profile refuses those. */
    private static final String SECRET = randomSecret();

    @TempDir
    Path dir;

    @Test
    void theCommandCreatesTheFirstAdminWhoLogsInAsAdminWhileAStrangerRegisteringAnAdminNameGetsUser() {
        Exit created = admin(Map.of("CHAT_ADMIN_PASSWORD", PASSWORD), "", "create", "root");

        assertThat(created.code()).as(created.output()).isZero();
        assertThat(created.output()).contains("Created the local ADMIN account 'root'");
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_JWT_SECRET", SECRET), dataDir(),
                dir.resolve("server.log"), TIMEOUT)) {
            RestApi rest = new RestApi(server.port());
            Response login = rest.post("/api/auth/login", null, Map.of("username", "root", "password", PASSWORD));
            assertThat(login.status()).as("%s", login).isEqualTo(200);
            assertThat(login.json().path("role").asString()).isEqualTo("ADMIN");

            Response stranger = rest.post("/api/auth/register", null,
                    Map.of("username", "admin", "password", PASSWORD));
            assertThat(stranger.json().path("role").asString()).isEqualTo("USER");
            assertProblem(rest.post("/api/auth/register", null, Map.of("username", "root", "password", PASSWORD)),
                    409, "CONFLICT");
        }
    }

    @Test
    void promoteAndDemoteChangeExistingLocalAccountsOnly() {
        Exit created = admin(Map.of(), PASSWORD + "\n", "create", "ops"); // password on standard input
        Exit unknown = admin(Map.of(), "", "promote", "nobody");
        Exit demoted = admin(Map.of(), "", "demote", "ops");
        Exit usage = admin(Map.of(), "", "frobnicate", "ops");

        assertThat(created.code()).as(created.output()).isZero();
        assertThat(unknown.code()).as(unknown.output()).isEqualTo(1);
        assertThat(unknown.output()).contains("there is no local account nobody");
        assertThat(demoted.code()).as(demoted.output()).isZero();
        assertThat(demoted.output()).contains("'ops' is now USER (was ADMIN)");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.output()).contains("usage: java -jar chat-server.jar admin");
    }

    @Test
    void createRefusesAnIdThatAnotherIssuersTokenAlreadyUsed() {
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_JWT_SECRET", SECRET), dataDir(),
                dir.resolve("server.log"), TIMEOUT)) {
            assertThat(new RestApi(server.port()).get("/api/rooms", token("boss")).status()).isEqualTo(200);
        }

        Exit refused = admin(Map.of("CHAT_ADMIN_PASSWORD", PASSWORD), "", "create", "boss");

        assertThat(refused.code()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("boss is already in use");
    }

    @Test
    void theRetiredAdminUsersSettingStopsTheServerAndNamesTheCommand() {
        Exit refused = ServerProcess.runToExit(Map.of("CHAT_ADMIN_USERS", "root"), serverArgs(), "",
                dir.resolve("admin-users.log"), TIMEOUT);

        assertThat(refused.code()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("no longer grants ADMIN")
                .contains("java -jar chat-server.jar admin create <username>");
    }

    @Test
    void theProdProfileRefusesThePublishedComposeSecretAndAGuessableOne() {
        List<String> prod = new ArrayList<>(serverArgs());
        prod.add("--spring.profiles.active=prod");

        Exit published = ServerProcess.runToExit(
                Map.of("CHAT_JWT_SECRET", "insecure-local-trial-secret-change-me-0123456789"), prod, "",
                dir.resolve("published.log"), TIMEOUT);
        Exit guessable = ServerProcess.runToExit(Map.of("CHAT_JWT_SECRET", "abcd".repeat(12)), prod, "",
                dir.resolve("guessable.log"), TIMEOUT);

        assertThat(published.code()).as(published.output()).isNotZero();
        assertThat(published.output()).contains("published in this project").contains("openssl rand -base64 48");
        assertThat(guessable.code()).as(guessable.output()).isNotZero();
        assertThat(guessable.output()).contains("estimated entropy").contains("openssl rand -base64 48");
    }

    private Exit admin(Map<String, String> environment, String stdin, String... words) {
        List<String> args = new ArrayList<>(List.of("admin"));
        args.addAll(List.of(words));
        args.addAll(dataDir());
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("CHAT_ADMIN_PASSWORD", ""); // never the developer's own
        return ServerProcess.runToExit(env, args, stdin, dir.resolve("admin-" + String.join("-", words) + ".log"),
                TIMEOUT);
    }

    private List<String> dataDir() {
        return List.of("--chat.data-dir=" + dir.resolve("data"));
    }

    private List<String> serverArgs() {
        return List.of("--chat.data-dir=" + dir.resolve("data"), "--server.port=0");
    }

    private static String token(String userId) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).issuedAt(new Date(now)).expiration(new Date(now + 3_600_000))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    private static String randomSecret() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
