package io.chatplatform.domain.message;

import java.util.List;

/**
 * A page of history, always in ascending {@code seq}. {@code hasMore} says whether more messages lie beyond
 * the page in the direction being read: newer ones when reading forward from {@code afterSeq}, older ones otherwise.
 */
public record MessagePage(List<MessageView> messages, boolean hasMore) {
}
