package io.chatplatform.ws.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.ServerFrame;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HistoryPagesTest {

    /** Each body takes 6,000 characters of JSON: 1,000 control characters, six each. */
    static final String ESCAPED_BODY = "\u0001".repeat(1_000);

    final HistoryPages pages = new HistoryPages(new FrameCodec(JsonMapper.builder().build()), 20_000);

    @Test
    void aPageThatFitsIsKeptWhole() {
        HistoryPages.Page page = pages.fit(page(1, 3, "short", false), true);

        assertThat(seqs(page)).containsExactly(1L, 2L, 3L);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void readingForwardKeepsTheOldestThatFitAndSaysThereIsMore() {
        HistoryPages.Page page = pages.fit(page(1, 10, ESCAPED_BODY, false), true);

        assertThat(seqs(page)).containsExactly(1L, 2L, 3L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void readingBackwardsKeepsTheNewestThatFitInAscendingOrder() {
        HistoryPages.Page page = pages.fit(page(1, 10, ESCAPED_BODY, false), false);

        assertThat(seqs(page)).containsExactly(8L, 9L, 10L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void aMessageLargerThanTheBudgetStillComesAloneSoThatItCanBeRead() {
        HistoryPages tiny = new HistoryPages(new FrameCodec(JsonMapper.builder().build()), 100);

        assertThat(seqs(tiny.fit(page(5, 7, ESCAPED_BODY, true), true))).containsExactly(5L);
        assertThat(seqs(tiny.fit(page(5, 7, ESCAPED_BODY, true), false))).containsExactly(7L);
        assertThat(tiny.fit(page(5, 5, ESCAPED_BODY, false), true).hasMore()).isFalse();
    }

    @Test
    void theHistoryFrameCarriesThePageAsEncodingItsFramesAsObjectsWould() {
        FrameCodec codec = new FrameCodec(JsonMapper.builder().build());
        HistoryPages.Page page = pages.fit(page(1, 10, ESCAPED_BODY + "\uD800 \"quoted\" é", false), false);

        String sent = codec.encode(new ChatFrames.History(7L, page.json(), page.hasMore()));

        String asObjects = codec.encode(new ObjectHistory(7L, page.messages(), page.hasMore()));
        assertThat(sent).isEqualTo(asObjects);
        assertThat(seqs(page)).containsExactly(8L, 9L, 10L);
        assertThat(JsonMapper.builder().build().readTree(sent).get("messages").get(2).get("seq").asLong())
                .isEqualTo(10L);
    }

    @Test
    void anEmptyPageIsAnEmptyArray() {
        HistoryPages.Page page = pages.fit(new MessagePage(List.of(), false), true);

        assertThat(page.json()).isEqualTo("[]");
        assertThat(page.messages()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    /** HISTORY as it was sent before its messages were encoded once: the frames as objects. */
    @JsonTypeName("HISTORY")
    record ObjectHistory(Long roomId, List<MessageFrame> messages, boolean hasMore) implements ServerFrame {
    }

    private static MessagePage page(long from, long to, String body, boolean hasMore) {
        return new MessagePage(LongStream.rangeClosed(from, to).mapToObj(seq -> new MessageView(1L, seq, seq, "alice",
                "c-" + seq, body, Instant.EPOCH, null, null)).toList(), hasMore);
    }

    private static List<Long> seqs(HistoryPages.Page page) {
        return page.messages().stream().map(MessageFrame::seq).toList();
    }
}
