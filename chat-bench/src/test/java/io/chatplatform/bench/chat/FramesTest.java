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
    void anErrorGivesItsCodeRefAndRetryAfterWhenItHasOne() {
        byte[] refused = ("{\"type\":\"ERROR\",\"code\":\"UNAVAILABLE\",\"message\":\"later\",\"ref\":\"SYNC\","
                + "\"retryAfterMs\":1000}").getBytes(StandardCharsets.UTF_8);
        byte[] refusedForGood = "{\"type\":\"ERROR\",\"code\":\"NOT_FOUND\",\"ref\":\"SYNC\"}"
                .getBytes(StandardCharsets.UTF_8);

        ServerFrame retry = FrameParser.parse(refused, 0, refused.length);
        assertThat(retry.code()).isEqualTo("UNAVAILABLE");
        assertThat(retry.ref()).isEqualTo("SYNC");
        assertThat(retry.retryAfterMs()).isEqualTo(1000);
        assertThat(FrameParser.parse(refusedForGood, 0, refusedForGood.length).retryAfterMs()).isEqualTo(-1);
    }

    @Test
    void stringsThatWouldNeedEscapingAreRefused() {
        assertThatThrownBy(() -> ClientFrames.send(1, "a\"b", "body"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHistoryPageGivesEveryMessagesSeqAndClientMsgIdAndHasMore() {
        String json = "{\"type\":\"HISTORY\",\"roomId\":42,\"messages\":[{\"type\":\"MESSAGE\",\"roomId\":42,"
                + "\"messageId\":1018,\"seq\":19,\"senderId\":\"bob\",\"clientMsgId\":\"b-77\",\"body\":\"hi\","
                + "\"sentAt\":\"2026-11-24T21:30:40Z\",\"reactions\":{\"x\":[1]}},{\"seq\":20,\"deleted\":true}],"
                + "\"hasMore\":true}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        History history = FrameParser.history(bytes, 0, bytes.length);

        assertThat(FrameParser.parse(bytes, 0, bytes.length).type()).isEqualTo(History.TYPE);
        assertThat(history.roomId()).isEqualTo(42);
        assertThat(history.seqs()).containsExactly(19, 20);
        assertThat(history.clientMsgIds()).containsExactly("b-77", null);
        assertThat(history.hasMore()).isTrue();
        assertThat(history.lastSeq(18)).isEqualTo(20);
    }

    @Test
    void anEmptyLastPageContinuesFromWhereTheSyncAsked() {
        byte[] bytes = "{\"type\":\"HISTORY\",\"roomId\":1,\"messages\":[],\"hasMore\":false}"
                .getBytes(StandardCharsets.UTF_8);

        History history = FrameParser.history(bytes, 0, bytes.length);

        assertThat(history.seqs()).isEmpty();
        assertThat(history.hasMore()).isFalse();
        assertThat(history.lastSeq(7)).isEqualTo(7);
        assertThat(FrameParser.history("[]".getBytes(StandardCharsets.UTF_8), 0, 2)).isNull();
    }

    @Test
    void aSyncFrameAsksForTheRoomAfterTheGivenSeq() {
        byte[] frame = ClientFrames.sync(42, 17, 200);

        assertThat(unmaskShortText(frame))
                .isEqualTo("{\"type\":\"SYNC\",\"roomId\":42,\"afterSeq\":17,\"limit\":200}");
    }

    /** The payload of a masked text frame shorter than 126 bytes (RFC 6455 §5.2). */
    private static String unmaskShortText(byte[] frame) {
        assertThat(frame[0] & 0x0F).isEqualTo(0x1);
        int length = frame[1] & 0x7F;
        assertThat(length).isLessThan(126);
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (frame[6 + i] ^ frame[2 + (i & 3)]);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
