package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import org.junit.jupiter.api.Test;

/** The chat meters are exported for Prometheus. */
class MetricsIT extends ChatServerTest {

    @Test
    void prometheusExportsSessionFrameAndMessageMeters() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);
        socket.send(sendFrame(roomId, "metered", "count me"));
        socket.expect("ACK");

        String scrape = rest.get("/actuator/prometheus", null).body();

        assertThat(scrape).contains("chat_ws_sessions{endpoint=\"/ws/chat\"", "chat_ws_frames_in_total",
                "chat_ws_frames_out_total", "chat_ws_frames_rate_limited_total", "chat_ws_slow_consumers_total",
                "chat_messages_store_seconds", "chat_messages_delivery_seconds");
    }
}
