package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyncFrameTest {

    @Test
    void readsAChangesPageWithItsEntriesAndWhereItLeavesTheReader() {
        SyncFrame page = parse("""
                {"type":"CHANGES","roomId":42,"changes":[{"type":"MESSAGE_UPDATED","roomId":42,"rev":118,\
                "messageId":1017,"seq":18,"body":"fixed","editedAt":"2026-11-30T04:12:02.120554Z"},\
                {"type":"MESSAGE","roomId":42,"messageId":1021,"seq":22,"senderId":"bob","clientMsgId":"b-78",\
                "body":"back","sentAt":"2026-11-30T04:12:09.310001Z","rev":119,"attributes":{"rev":1,"k":[1,2]},\
                "reactions":[{"emoji":"x","count":1,"me":false}]},\
                {"type":"ROOM_UPDATED","roomId":42,"rev":120,"name":"Project Y"}],"hasMore":true,"rev":120}""");

        assertThat(page.type()).isEqualTo(SyncFrame.CHANGES);
        assertThat(page.roomId()).isEqualTo(42);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.rev()).isEqualTo(120);
        assertThat(page.items()).extracting(SyncFrame::type)
                .containsExactly("MESSAGE_UPDATED", "MESSAGE", "ROOM_UPDATED");
        SyncFrame message = page.items().get(1);
        assertThat(message.rev()).as("the message's own rev, not its attributes'").isEqualTo(119);
        assertThat(message.seq()).isEqualTo(22);
        assertThat(message.messageId()).isEqualTo(1021);
        assertThat(message.body()).isEqualTo("back");
        assertThat(page.items().get(2).name()).isEqualTo("Project Y");
    }

    @Test
    void readsAHistoryPageAndAnAck() {
        SyncFrame page = parse("""
                {"type":"HISTORY","roomId":7,"messages":[{"type":"MESSAGE","roomId":7,"messageId":5,"seq":1,\
                "body":"a"},{"type":"MESSAGE","roomId":7,"messageId":6,"seq":2,"body":"b"}],"hasMore":false}""");
        SyncFrame ack = parse("{\"type\":\"ACK\",\"roomId\":7,\"clientMsgId\":\"c-1\",\"messageId\":5,\"seq\":1}");

        assertThat(page.hasMore()).isFalse();
        assertThat(page.items()).extracting(SyncFrame::seq).containsExactly(1L, 2L);
        assertThat(page.items()).extracting(SyncFrame::body).containsExactly("a", "b");
        assertThat(ack.clientMsgId()).isEqualTo("c-1");
        assertThat(ack.messageId()).isEqualTo(5);
        assertThat(parse("not json")).isNull();
    }

    private static SyncFrame parse(String text) {
        byte[] bytes = ("  " + text).getBytes(StandardCharsets.UTF_8);
        return SyncFrame.parse(bytes, 2, bytes.length - 2);
    }
}
