package io.chatplatform.ws.chat;

import io.chatplatform.domain.message.ChangePage;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.session.WsProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Cuts pages of history (SYNC's HISTORY frames and REST history) to a size every session can take. A full page of
 * the longest bodies, written with characters JSON escapes to six ({@code \u0001}), runs to megabytes: as a HISTORY
 * frame it would overflow the asking session's send queue ({@code chat.ws.send-buffer-limit}), the session would be
 * closed with 1013, and a client that reconnects and SYNCs would be closed again, forever. So a page carries at most
 * {@link #budgetChars()} characters of encoded messages, an eighth of the send buffer limit (a quarter of the
 * characters the queue holds, at two bytes a character: 128 K characters with the default 1 MB), leaving room for
 * the live frames queued beside it; a cut page says {@code hasMore}. A page keeps at least one message, whatever its
 * size, so that every stored message can be read.
 */
@Component
public class HistoryPages {

    /** The HISTORY frame around the messages: type, roomId, hasMore, brackets. */
    private static final int FRAME_OVERHEAD = 128;

    private final FrameCodec codec;
    private final long budgetChars;

    @Autowired
    HistoryPages(FrameCodec codec, WsProperties properties) {
        this(codec, Math.max(1, properties.sendBufferLimit().toBytes() / 8));
    }

    /** With a budget of its own, for tests. */
    HistoryPages(FrameCodec codec, long budgetChars) {
        this.codec = codec;
        this.budgetChars = budgetChars;
    }

    /** The most characters of encoded messages one page carries (unless its only message is longer). */
    public long budgetChars() {
        return budgetChars;
    }

    /**
     * The page's messages as frames, cut to the budget. Each message is encoded once: what measures it is what the
     * HISTORY frame carries ({@link Page#json}).
     *
     * @param forward whether the page was read forward from {@code afterSeq} (its oldest messages are kept, and
     *                {@code hasMore} means newer ones follow) or backwards (its newest are kept, and {@code hasMore}
     *                means older ones exist)
     */
    public Page fit(MessagePage page, boolean forward) {
        List<MessageView> messages = page.messages();
        int count = messages.size();
        List<MessageFrame> kept = new ArrayList<>(count);
        List<String> texts = new ArrayList<>(count);
        long used = FRAME_OVERHEAD;
        for (int i = 0; i < count; i++) {
            MessageFrame frame = MessageFrame.of(messages.get(forward ? i : count - 1 - i));
            String text = codec.encode(frame);
            used += text.length() + 1;
            if (used > budgetChars && !kept.isEmpty()) {
                break;
            }
            kept.add(frame);
            texts.add(text);
        }
        if (!forward) {
            Collections.reverse(kept);
            Collections.reverse(texts);
        }
        boolean hasMore = kept.size() < count || page.hasMore();
        return new Page(kept, "[" + String.join(",", texts) + "]", hasMore);
    }

    /**
     * A page of changes as the JSON array of their frames, cut to the budget (keeping at least one change);
     * {@code rev} is where the kept changes leave the reader.
     */
    public Changes fit(ChangePage page) {
        StringBuilder json = new StringBuilder("[");
        long used = FRAME_OVERHEAD;
        long reached = page.rev();
        boolean hasMore = page.hasMore();
        long lastKept = -1;
        for (ChangePage.Entry entry : page.changes()) {
            String text = entry.message() != null ? codec.encode(MessageFrame.of(entry.message()))
                    : ChangeFrames.text(entry.change());
            used += text.length() + 1;
            if (used > budgetChars && lastKept >= 0) {
                hasMore = true;
                reached = lastKept;
                break;
            }
            if (lastKept >= 0) {
                json.append(',');
            }
            json.append(text);
            lastKept = entry.rev();
        }
        return new Changes(json.append(']').toString(), hasMore, reached);
    }

    /** A CHANGES frame's content: the frames as a JSON array, whether more follow, and the rev reached. */
    public record Changes(String json, boolean hasMore, long rev) {
    }

    /**
     * Messages in ascending {@code seq}, the same as the JSON array of their frames (for a HISTORY frame, which sends
     * it as it is), and whether more lie beyond them in the direction read.
     */
    public record Page(List<MessageFrame> messages, String json, boolean hasMore) {
    }
}
