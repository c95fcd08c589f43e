package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void readsTypedFieldsAndNestedObjects() {
        Frame frame = Frame.parse("""
                {"type":"MESSAGE","roomId":42,"seq":18,"body":"hi","deleted":true,
                 "attributes":{"card":{"title":"T"}},"reactions":[{"emoji":"👍","count":3,"me":true}],"repliers":["a"]}""");

        assertThat(frame.type()).isEqualTo("MESSAGE");
        assertThat(frame.event()).isEqualTo("message");
        assertThat(frame.longValue("roomId")).isEqualTo(42L);
        assertThat(frame.longValue("missing", 7)).isEqualTo(7);
        assertThat(frame.longValue("missing")).isNull();
        assertThat(frame.bool("deleted")).isTrue();
        assertThat(frame.bool("missing")).isFalse();
        assertThat(frame.object("attributes").object("card").string("title")).isEqualTo("T");
        assertThat(frame.frames("reactions")).singleElement().satisfies(r -> {
            assertThat(r.string("emoji")).isEqualTo("👍");
            assertThat(r.longValue("count")).isEqualTo(3);
        });
        assertThat(frame.list("repliers")).containsExactly("a");
        assertThat(frame.list("missing")).isEmpty();
        assertThat(frame.replayed()).isFalse();
    }

    @Test
    void aFieldOfTheWrongTypeIsAnErrorNotACoercion() {
        Frame frame = Frame.parse("{\"type\":\"ACK\",\"roomId\":\"42\",\"seq\":1.5,\"big\":99999999999999999999}");
        assertThatThrownBy(() -> frame.longValue("roomId")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.longValue("seq")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.longValue("big")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frame.object("roomId")).isInstanceOf(IllegalStateException.class);
        assertThat(frame.string("roomId")).isEqualTo("42");
    }

    @Test
    void buildsFramesLeavingOutNullsAndWritesThemAsJson() {
        Frame send = Frame.of("type", "SEND", "roomId", 1L, "threadId", null, "attributes", Map.of("k", List.of(1L)));
        assertThat(send.toJson()).isEqualTo("{\"type\":\"SEND\",\"roomId\":1,\"attributes\":{\"k\":[1]}}");
        assertThat(Frame.parse(send.toJson())).isEqualTo(send);
    }

    @Test
    void aChangesEntryTakesThePagesRoomIdAndIsMarkedReplayed() {
        Frame entry = Frame.of("type", "ROOM_UPDATED", "rev", 3L, "name", "x").asReplayed(42);
        assertThat(entry.replayed()).isTrue();
        assertThat(entry.longValue("roomId")).isEqualTo(42L);
        assertThat(entry.toString()).startsWith("(replayed) ");
    }

    @Test
    void refusesTextThatIsNotAJsonObject() {
        assertThatThrownBy(() -> Frame.parse("[1]")).isInstanceOf(Json.JsonException.class);
        assertThatThrownBy(() -> Frame.parse("{\"type\":")).isInstanceOf(Json.JsonException.class);
    }
}
