package io.chatplatform.ws.delivery;

import java.util.List;

/** One task of a writer: this frame (or a ping) to these sessions of its share, after every earlier task. */
record Write(String text, List<ShardOutbox> targets) {
}
