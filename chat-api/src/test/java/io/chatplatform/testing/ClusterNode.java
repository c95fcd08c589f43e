package io.chatplatform.testing;

import io.chatplatform.ChatApplication;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one node of a cluster inside the test's JVM: profiles {@code test} and {@code cluster}, a random port, the
 * PostgreSQL schema every node of the test shares, and Redis under the test's own key prefix.
 */
public final class ClusterNode {

    private ClusterNode() {
    }

    /**
     * @param database a schema URL from {@link ExternalPostgres#newSchemaUrl()}, the same for every node
     * @param settings further command-line settings ({@code --key=value}) for this test's nodes
     */
    public static ConfigurableApplicationContext start(String name, String database, String prefix,
            String... settings) {
        return startOn(ExternalRedis.url(), name, database, prefix, settings);
    }

    /**
     * As {@link #start}, on the Redis (or Redis Cluster, {@code redis-cluster://...}) at {@code redisUrl}, which may be
     * a {@link FaultProxy} in front of it; {@code database} may be a schema URL through a FaultProxy too.
     */
    public static ConfigurableApplicationContext startOn(String redisUrl, String name, String database, String prefix,
            String... settings) {
        // Command-line arguments: they outrank the test profile's own datasource settings.
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + nullToEmpty(ExternalPostgres.username()),
                "--spring.datasource.password=" + nullToEmpty(ExternalPostgres.password()),
                "--spring.datasource.driver-class-name=org.postgresql.Driver",
                "--spring.flyway.schemas=" + database.substring(database.lastIndexOf('=') + 1),
                "--chat.cluster.redis-url=" + redisUrl,
                "--chat.cluster.key-prefix=" + prefix,
                "--chat.cluster.node-id=" + name));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(ChatApplication.class).profiles("test", "cluster")
                .run(args.toArray(String[]::new));
    }

    /** The HTTP (and WebSocket) port a started node listens on. */
    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** A REST client of a started node. */
    public static RestApi rest(ConfigurableApplicationContext node) {
        return new RestApi(port(node));
    }

    /** A chat socket on a started node, authenticated with {@code token}, once its READY came. */
    public static WsClient chat(ConfigurableApplicationContext node, String token) {
        WsClient client = WsClient.connect(URI.create("ws://localhost:" + port(node) + "/ws/chat"),
                Map.of("Authorization", "Bearer " + token));
        client.expect("READY");
        return client;
    }

    /** A token of an ordinary user, issued by a node (every node of a test shares the secret, so any node takes it). */
    public static String token(ConfigurableApplicationContext node, String userId) {
        return node.getBean(TokenService.class).issue(new Actor(userId, Role.USER)).accessToken();
    }

    /** A user id of this run alone: the name and eight random characters. */
    public static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
