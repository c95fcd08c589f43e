package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Frames reach the handler registered for their endpoint and type; the session's own types stay the session's. */
class FrameRouterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HandlerHarness harness = new HandlerHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void routesAFrameToTheHandlerOfItsEndpointAndType() throws Exception {
        List<String> handled = new ArrayList<>();
        SessionHandler chat = harness.handler(Endpoint.CHAT, router -> {
            router.on(Endpoint.CHAT, "SEND", (session, frame) -> handled.add("chat SEND " + session.userId()));
            router.on(Endpoint.NOTIFY, "SEND", (session, frame) -> handled.add("notify SEND"));
        });
        HandlerHarness.Connection connection = harness.openAuthenticated(chat, "ann");
        connection.clearSent();

        connection.receive("{\"type\":\"SEND\"}");

        assertThat(handled).containsExactly("chat SEND ann");
        assertThat(connection.sent()).isEmpty();
    }

    @Test
    void aTypeNobodyRegisteredOnTheEndpointIsAnsweredWithBadRequest() throws Exception {
        SessionHandler crowd = harness.handler(Endpoint.CROWD,
                router -> router.on(Endpoint.CHAT, "SEND", (session, frame) -> {
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
            assertThatThrownBy(() -> new FrameRouter(List.of(router -> router.on(Endpoint.CHAT, type,
                    (session, frame) -> { }))))
                    .as(type).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFrameTypeHasOneHandlerPerEndpoint() {
        FrameRouter.FrameHandler ignore = (session, frame) -> { };

        assertThatThrownBy(() -> new FrameRouter(List.of(router -> router.on(Endpoint.CHAT, "SEND", ignore),
                router -> router.on(Endpoint.CHAT, "SEND", ignore))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void routesAreFixedOnceBuilt() {
        List<FrameRouter> built = new ArrayList<>();
        FrameRouter router = new FrameRouter(List.of(built::add));

        assertThatThrownBy(() -> built.get(0).on(Endpoint.CHAT, "SEND", (session, frame) -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(router.handler(Endpoint.CHAT, "SEND")).isNull();
    }
}
