package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.ws.protocol.FrameType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frames reach the handler registered for their endpoint and type, read into that type's record; the session's own
 * types stay the session's.
 */
class FrameRouterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A frame type of this test's own, read as features read theirs. */
    record Move(long roomId, String note) {
        static final FrameType<Move> TYPE = new FrameType<>("MOVE", Move.class,
                frame -> new Move(frame.requiredLong("roomId"), frame.optionalString("note")));
    }

    private final HandlerHarness harness = new HandlerHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void routesAFrameToTheHandlerOfItsEndpointAndType() throws Exception {
        List<String> handled = new ArrayList<>();
        SessionHandler chat = harness.handler(Endpoint.CHAT, router -> {
            router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"),
                    (session, frame) -> handled.add("chat SEND " + session.userId()));
            router.on(Endpoint.NOTIFY, HandlerHarness.frameType("SEND"), (session, frame) -> handled.add("notify SEND"));
        });
        HandlerHarness.Connection connection = harness.openAuthenticated(chat, "ann");
        connection.clearSent();

        connection.receive("{\"type\":\"SEND\"}");

        assertThat(handled).containsExactly("chat SEND ann");
        assertThat(connection.sent()).isEmpty();
    }

    @Test
    void theHandlerReceivesTheFrameReadIntoItsTypesRecord() throws Exception {
        List<Move> handled = new ArrayList<>();
        HandlerHarness.Connection connection = openWithMoves(handled);

        connection.receive("{\"type\":\"MOVE\",\"roomId\":7,\"note\":\"hi\",\"extra\":true}");
        connection.receive("{\"type\":\"MOVE\",\"roomId\":8}");

        assertThat(handled).containsExactly(new Move(7, "hi"), new Move(8, null));
        assertThat(connection.sent()).isEmpty();
    }

    @Test
    void aFrameWhoseFieldsDoNotReadIsRefusedBeforeItsHandler() throws Exception {
        List<Move> handled = new ArrayList<>();
        HandlerHarness.Connection connection = openWithMoves(handled);

        connection.receive("{\"type\":\"MOVE\",\"roomId\":\"7\",\"clientMsgId\":\"c-9\"}");
        connection.receive("{\"type\":\"MOVE\",\"roomId\":7,\"note\":5}");

        assertThat(handled).isEmpty();
        assertThat(connection.sent()).hasSize(2);
        JsonNode wrongType = JSON.readTree(connection.sent().get(0));
        assertThat(wrongType.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(wrongType.path("message").asString()).isEqualTo("roomId must be an integer");
        assertThat(wrongType.path("ref").asString()).isEqualTo("c-9");
        JsonNode wrongNote = JSON.readTree(connection.sent().get(1));
        assertThat(wrongNote.path("message").asString()).isEqualTo("note must be a string");
        assertThat(wrongNote.path("ref").asString()).isEqualTo("MOVE");
        assertThat(connection.closeStatus()).isNull();
    }

    /** An authenticated chat session whose MOVE frames, as read, go to {@code handled}; nothing sent to it yet. */
    private HandlerHarness.Connection openWithMoves(List<Move> handled) {
        SessionHandler chat = harness.handler(Endpoint.CHAT,
                router -> router.on(Endpoint.CHAT, Move.TYPE, (session, move) -> handled.add(move)));
        HandlerHarness.Connection connection = harness.openAuthenticated(chat, "ann");
        connection.clearSent();
        return connection;
    }

    @Test
    void listsTheTypesOfEachEndpointInTheOrderTheyWereRegistered() {
        FrameType<HandlerHarness.Raw> send = HandlerHarness.frameType("SEND");
        FrameRouter router = new FrameRouter(List.of(routes -> {
            routes.on(Endpoint.CHAT, Move.TYPE, (session, move) -> { });
            routes.on(Endpoint.CHAT, send, (session, frame) -> { });
        }));

        assertThat(router.frameTypes(Endpoint.CHAT)).containsExactly(Move.TYPE, send);
        assertThat(router.frameTypes(Endpoint.NOTIFY)).isEmpty();
        assertThatThrownBy(() -> router.frameTypes(Endpoint.CHAT).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTypeNobodyRegisteredOnTheEndpointIsAnsweredWithBadRequest() throws Exception {
        SessionHandler crowd = harness.handler(Endpoint.CROWD,
                router -> router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"), (session, frame) -> {
                    throw new AssertionError("a chat handler took a crowd frame");
                }));
        HandlerHarness.Connection connection = harness.openAuthenticated(crowd, "ann");
        connection.clearSent();

        connection.receive("{\"type\":\"SEND\",\"clientMsgId\":\"c-1\"}");

        assertThat(connection.sent()).hasSize(1);
        JsonNode error = JSON.readTree(connection.sent().get(0));
        assertThat(error.path("type").asString()).isEqualTo("ERROR");
        assertThat(error.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.path("message").asString()).isEqualTo("unknown frame type SEND");
        assertThat(error.path("ref").asString()).isEqualTo("c-1");
        assertThat(connection.closeStatus()).isNull();
    }

    @Test
    void aLongUnknownTypeIsNamedShortenedInTheMessageAndWholeInTheRef() throws Exception {
        SessionHandler chat = harness.handler(Endpoint.CHAT, router -> { });
        HandlerHarness.Connection connection = harness.openAuthenticated(chat, "ann");
        connection.clearSent();
        String type = "\uD83D\uDE00".repeat(40) + "X".repeat(10_000); // a code point of two chars at the cut

        connection.receive("{\"type\":\"" + type + "\"}");

        JsonNode error = JSON.readTree(connection.sent().get(0));
        assertThat(error.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.path("message").asString())
                .isEqualTo("unknown frame type " + "\uD83D\uDE00".repeat(40) + "X".repeat(24) + "…");
        assertThat(error.path("ref").asString()).isEqualTo(type);
        assertThat(connection.closeStatus()).isNull();
    }

    @Test
    void tellsListenersOfTheFirstAndLastSessionOfAUser() {
        List<String> events = new ArrayList<>();
        SessionHandler chat = harness.handler(Endpoint.CHAT, router -> {
            router.onAuthenticated(Endpoint.CHAT, (session, first) -> events.add("opened first=" + first));
            router.onClosed(Endpoint.CHAT, (session, last) -> events.add("closed last=" + last));
        });

        HandlerHarness.Connection one = harness.openAuthenticated(chat, "ann");
        HandlerHarness.Connection two = harness.openAuthenticated(chat, "ann");
        one.disconnect();
        two.disconnect();

        assertThat(events).containsExactly("opened first=true", "opened first=false", "closed last=false",
                "closed last=true");
    }

    @Test
    void theSessionsOwnFrameTypesCannotBeTakenOver() {
        for (String type : List.of("INIT", "PING", "REFRESH")) {
            assertThatThrownBy(() -> new FrameRouter(List.of(router -> router.on(Endpoint.CHAT,
                    HandlerHarness.frameType(type), (session, frame) -> { }))))
                    .as(type).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFrameTypeHasOneHandlerPerEndpoint() {
        FrameRouter.FrameHandler<HandlerHarness.Raw> ignore = (session, frame) -> { };

        assertThatThrownBy(() -> new FrameRouter(List.of(
                router -> router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"), ignore),
                router -> router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"), ignore))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void routesAreFixedOnceBuilt() {
        List<FrameRouter> built = new ArrayList<>();
        FrameRouter router = new FrameRouter(List.of(built::add));

        assertThatThrownBy(() -> built.get(0).on(Endpoint.CHAT, HandlerHarness.frameType("SEND"),
                (session, frame) -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(router.route(Endpoint.CHAT, "SEND")).isNull();
    }
}
