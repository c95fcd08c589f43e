package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.ChatApplication;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.RoomState;
import io.chatplatform.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Any interleaving of room changes (posts, edits, deletions, renames, members joining and leaving) with one member's
 * disconnects and reconnects ends with that member, who followed the client rule (apply live frames in rev order,
 * SYNC by rev after a reconnect), in exactly the state of a member who stayed online. Runs against a real server
 * over real sockets; jqwik generates the scripts and shrinks a failing one to a small case.
 */
class RoomConvergencePropertyIT {

    private static ConfigurableApplicationContext server;

    /** One server for every try, started on first use. */
    private static synchronized ConfigurableApplicationContext server() {
        if (server == null) {
            server = new SpringApplicationBuilder(ChatApplication.class).profiles("test")
                    .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:convergence-" + UUID.randomUUID()
                            + ";DB_CLOSE_DELAY=-1");
        }
        return server;
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Property(tries = 20)
    void aMemberWhoComesAndGoesEndsWhereAMemberWhoStayedIs(
            @ForAll @Size(min = 4, max = 24) List<@IntRange(min = 0, max = 899) Integer> script,
            @ForAll @IntRange(min = 1, max = 6) int pageSize) {
        Script run = new Script(pageSize);
        for (int step : script) {
            run.step(step % 9, step / 9);
        }
        run.finish();
    }

    /** One try: a room, its owner and a member who change it, Carol who comes and goes, Dave who stays. */
    private static final class Script {

        final RestApi rest = new RestApi(port());
        final String alice = user("alice");
        final String bob = user("bob");
        final String carol = user("carol");
        final String dave = user("dave");
        final long roomId;
        final WsClient aliceSocket;
        final WsClient bobSocket;
        final WsClient daveSocket;
        final RoomState carolState = new RoomState(carol);
        final RoomState daveState = new RoomState(dave);
        final List<long[]> messages = new ArrayList<>(); // {messageId, 0 for alice / 1 for bob}
        final List<String> guests = new ArrayList<>();
        final int pageSize;
        WsClient carolSocket;
        int posted;

        Script(int pageSize) {
            this.pageSize = pageSize;
            roomId = rest.post("/api/rooms", token(alice), Map.of("name", "property", "type", "GROUP",
                    "members", List.of(bob, carol, dave))).json().path("id").asLong();
            aliceSocket = chat(alice);
            bobSocket = chat(bob);
            daveSocket = chat(dave);
            carolSocket = chat(carol);
        }

        void step(int op, int target) {
            switch (op) {
                case 0, 1 -> post(op == 0 ? aliceSocket : bobSocket, op);
                case 2 -> {
                    if (!messages.isEmpty()) {
                        long[] message = messages.get(target % messages.size());
                        socketOf(message).send(Map.of("type", "EDIT", "roomId", roomId, "messageId", message[0],
                                "body", "edit " + target));
                    }
                }
                case 3 -> {
                    if (!messages.isEmpty()) {
                        long[] message = messages.get(target % messages.size());
                        socketOf(message).send(Map.of("type", "DELETE", "roomId", roomId, "messageId", message[0]));
                    }
                }
                case 4 -> assertThat(rest.patch("/api/rooms/" + roomId, token(alice),
                        Map.of("name", "name " + target)).status()).isEqualTo(200);
                case 5 -> {
                    String guest = user("guest");
                    assertThat(rest.post("/api/rooms/" + roomId + "/members", token(alice),
                            Map.of("userId", guest)).status()).isEqualTo(201);
                    guests.add(guest);
                }
                case 6 -> {
                    if (!guests.isEmpty()) {
                        String guest = guests.remove(target % guests.size());
                        assertThat(rest.delete("/api/rooms/" + roomId + "/members/" + guest, token(alice))
                                .status()).isEqualTo(204);
                    }
                }
                case 7 -> drop();
                default -> back();
            }
        }

        void post(WsClient socket, int author) {
            String clientMsgId = "p-" + posted++;
            socket.send(Map.of("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", clientMsgId));
            long id = socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                    && clientMsgId.equals(frame.path("clientMsgId").asString()), "ACK " + clientMsgId)
                    .path("messageId").asLong();
            messages.add(new long[] {id, author});
        }

        WsClient socketOf(long[] message) {
            return message[1] == 0 ? aliceSocket : bobSocket;
        }

        /** Carol's socket drops: she keeps what she applied of what reached her. */
        void drop() {
            if (carolSocket == null) {
                return;
            }
            carolSocket.close();
            carolState.applyContiguous(roomId, carolSocket.received());
            carolSocket = null;
        }

        /** Carol is back: she SYNCs by rev from where she got to, page by page, then follows live frames. */
        void back() {
            if (carolSocket != null) {
                return;
            }
            carolSocket = chat(carol);
            carolState.syncByRev(carolSocket, roomId, pageSize);
        }

        void finish() {
            for (WsClient socket : List.of(aliceSocket, bobSocket)) { // their EDITs and DELETEs are done by then
                socket.send(Map.of("type", "PING"));
                socket.expect("PONG");
            }
            long lastRev = rest.get("/api/rooms/" + roomId, token(alice)).json().path("lastRev").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                daveState.applyContiguous(roomId, daveSocket.received());
                return daveState.rev() == lastRev;
            });
            if (carolSocket == null) {
                back();
            }
            WsClient online = carolSocket;
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                carolState.applyContiguous(roomId, online.received());
                return carolState.rev() >= lastRev;
            });
            assertThat(carolState.snapshot()).isEqualTo(daveState.snapshot());
            for (WsClient socket : List.of(aliceSocket, bobSocket, daveSocket, online)) {
                socket.close();
            }
        }
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String token(String userId) {
        return server().getBean(TokenService.class).issue(new Actor(userId, Role.USER)).accessToken();
    }

    private static WsClient chat(String userId) {
        WsClient client = WsClient.connect(URI.create("ws://localhost:" + port() + "/ws/chat"),
                Map.of("Authorization", "Bearer " + token(userId)));
        client.expect("READY");
        return client;
    }

    private static int port() {
        return ((WebServerApplicationContext) server()).getWebServer().getPort();
    }
}
