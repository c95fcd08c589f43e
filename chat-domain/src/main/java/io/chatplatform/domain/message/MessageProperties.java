package io.chatplatform.domain.message;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.messages.*}: limits on what a message may hold and how much history one call returns.
 *
 * @param maxBodyLength    the longest body accepted, in UTF-16 characters (the column holds up to 65,536)
 * @param historyPageLimit the most messages one history call or SYNC returns
 * @param writerThreads    threads that store posted messages; each owns the rooms that hash to it
 * @param writerBatchSize  the most messages one writer stores in one transaction
 * @param writerLinger     how long a writer waits for more posts to share a transaction with the first it took,
 *                         when posts have lately been arriving at least that often; zero commits at once, whatever
 *                         has queued
 */
@ConfigurationProperties("chat.messages")
public record MessageProperties(
        @DefaultValue("4000") int maxBodyLength,
        @DefaultValue("200") int historyPageLimit,
        @DefaultValue("1") int writerThreads,
        @DefaultValue("256") int writerBatchSize,
        @DefaultValue("0ms") Duration writerLinger) {

    static final int COLUMN_LENGTH = 65_536;

    public MessageProperties {
        if (maxBodyLength < 1 || maxBodyLength > COLUMN_LENGTH) {
            throw new IllegalArgumentException("chat.messages.max-body-length must be between 1 and " + COLUMN_LENGTH);
        }
        if (writerLinger.isNegative()) {
            throw new IllegalArgumentException("chat.messages.writer-linger must not be negative");
        }
        if (writerThreads < 1 || writerBatchSize < 1) {
            throw new IllegalArgumentException("chat.messages.writer-threads and writer-batch-size must be positive");
        }
        if (historyPageLimit < 1) {
            throw new IllegalArgumentException("chat.messages.history-page-limit must be positive");
        }
    }

    /** Refuses a body that is empty, longer than {@link #maxBodyLength}, or holds what cannot be stored. */
    public void requireValidBody(String body) {
        if (body == null || body.isEmpty()) {
            throw DomainException.badRequest("body must not be empty");
        }
        if (body.length() > maxBodyLength) {
            throw DomainException.tooLarge("body must be at most " + maxBodyLength + " characters");
        }
        Texts.requireStorable("body", body);
    }
}
