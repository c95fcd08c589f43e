package io.chatplatform.ws.delivery;

import java.util.List;

/**
 * One task of a writer: this frame (or a ping) to these sessions of its share, after every earlier task. A {@code
 * first} frame is a session's READY, which lets out what waited for it ({@link ShardOutbox#offerFirst}).
 */
record Write(String text, List<ShardOutbox> targets, boolean first) {

    Write(String text, List<ShardOutbox> targets) {
        this(text, targets, false);
    }
}
