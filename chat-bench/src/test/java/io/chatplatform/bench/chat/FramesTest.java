package io.chatplatform.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void aTimedBodyCarriesItsSendTimeAndHasTheRequestedSize() {
        String body = ClientFrames.timedBody(-123_456_789_012L, 64);

        assertThat(body).hasSize(64);
        assertThat(ClientFrames.sendNanos(body)).isEqualTo(-123_456_789_012L);
        assertThat(ClientFrames.sendNanos("hello world")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void messageFramesAreReadWhateverTheFieldOrderAndUnknownFields() {
        String json = "{\"type\":\"MESSAGE\",\"extra\":{\"a\":[1,2]},\"seq\":18,\"roomId\":42,\"messageId\":1017,"
                + "\"senderId\":\"alice\",\"clientMsgId\":\"b1-0-7\",\"body\":\"99 xx\",\"sentAt\":\"2026-11-24\"}";
        byte[] bytes = ("junk" + json).getBytes(StandardCharsets.UTF_8);

        ServerFrame frame = FrameParser.parse(bytes, 4, bytes.length - 4);

        assertThat(frame.type()).isEqualTo("MESSAGE");
        assertThat(frame.roomId()).isEqualTo(42);
        assertThat(frame.seq()).isEqualTo(18);
        assertThat(frame.clientMsgId()).isEqualTo("b1-0-7");
        assertThat(ClientFrames.sendNanos(frame.body())).isEqualTo(99);
    }

    @Test
    void textThatIsNotAFrameHasNoType() {
        byte[] bytes = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThat(FrameParser.parse(bytes, 0, bytes.length).type()).isNull();
    }

    @Test
    void stringsThatWouldNeedEscapingAreRefused() {
        assertThatThrownBy(() -> ClientFrames.send(1, "a\"b", "body"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
