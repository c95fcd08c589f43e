package io.chatplatform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.testing.ChatServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The web UI's outbox under a server that refuses frames over the rate (pacing off, 2 frames a second, bursts of
 * 3): messages typed faster than that are refused by name, stay pending, and are resent by the page after the
 * server's retryAfterMs under the same clientMsgId, until every one is stored exactly once. None ever shows as
 * failed. Needs Chromium like {@link ChatUiBrowserIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.ws.rate-pacing=false", "chat.ws.rate-limit=2", "chat.ws.rate-burst=3",
                "chat.ws.flood-limit=100"})
class RateLimitedOutboxBrowserIT extends ChatServerTest {

    private static final int MESSAGES = 10;

    @Autowired
    MeterRegistry meters;

    @Test
    void messagesTypedFasterThanTheRateAreResentAfterRetryAfterMsAndAllStoredOnce() {
        String missing = Browser.missingBrowser();
        assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        String baseUrl = "http://localhost:" + port;

        Browser a = Browser.launch("browser-rate");
        try {
            a.reset(baseUrl);
            a.signInWithToken(baseUrl, alice, tokenFor(alice), "USER");
            a.openRoom("room of " + alice);
            double refusedBefore = refused();

            List<String> bodies = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).toList();
            bodies.forEach(a::send);

            a.waitUntil(d -> a.messages().stream().allMatch(m -> "sent".equals(m.get("status")))
                    && a.messages().size() == MESSAGES, "every message sent; shown: " + a.messages());
            assertThat(refused() - refusedBefore).as("frames the server refused for the rate").isPositive();
            List<Map<String, Object>> shown = a.messages();
            // A refused SEND is resent after frames sent behind it were admitted, so with pacing off (this test) it
            // may be stored after them: every message once, not necessarily in typing order (protocol.md §10.3).
            assertThat(shown).extracting(m -> m.get("body")).containsExactlyInAnyOrderElementsOf(bodies);
            assertThat(shown).extracting(m -> m.get("seq"))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
            assertThat(a.connectionState()).isEqualTo("connected");
        } finally {
            a.close();
        }

        List<JsonNode> stored = rest.get("/api/rooms/" + roomId + "/messages?limit=50", tokenFor(alice)).json()
                .path("messages").valueStream().toList();
        List<String> bodies = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).toList();
        assertThat(stored).extracting(m -> m.path("body").asString()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(stored).extracting(m -> m.path("clientMsgId").asString()).doesNotHaveDuplicates();
    }

    private double refused() {
        return meters.get("chat.ws.frames.rate.limited").tag("endpoint", "/ws/chat").counter().count();
    }
}
