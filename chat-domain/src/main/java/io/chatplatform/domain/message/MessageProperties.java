package io.chatplatform.domain.message;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param maxAttributesLength the longest {@code attributes} accepted, in characters of compact JSON
 * @param maxAttributesDepth  the deepest nesting of objects and arrays accepted in {@code attributes} (the object
 *                            itself is depth 1)
 * @param storeTimeout     the longest a SEND waits for its commit before it is answered {@code UNAVAILABLE} (retry
 *                         with the same {@code clientMsgId}) instead of an ACK: the client always hears within it
 * @param writerQueueCapacity the most posts waiting for one writer; beyond, a post is answered {@code UNAVAILABLE}
 *                         at once rather than holding the socket's thread while the database is away
 * @param clientReads      how many clients' reads of a room (a SYNC, a page of history, of changes or of a thread)
 *                         run against the database at once on this node ({@link ClientReads}); 0, the default,
 *                         derives it from the connection pool: its size less the writer threads and three more
 */
@ConfigurationProperties("chat.messages")
public record MessageProperties(
        @DefaultValue("4000") int maxBodyLength,
        @DefaultValue("200") int historyPageLimit,
        @DefaultValue("1") int writerThreads,
        @DefaultValue("256") int writerBatchSize,
        @DefaultValue("0ms") Duration writerLinger,
        @DefaultValue("8192") int maxAttributesLength,
        @DefaultValue("8") int maxAttributesDepth,
        @DefaultValue("2s") Duration storeTimeout,
        @DefaultValue("10000") int writerQueueCapacity,
        @DefaultValue("0") int clientReads) {

    static final int COLUMN_LENGTH = 65_536;
    static final int ATTRIBUTES_COLUMN_LENGTH = 16_384;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** With the default limits on attributes. */
    public MessageProperties(int maxBodyLength, int historyPageLimit, int writerThreads, int writerBatchSize,
            Duration writerLinger) {
        this(maxBodyLength, historyPageLimit, writerThreads, writerBatchSize, writerLinger, 8192, 8);
    }

    /** With the default store timeout, writer queue and client reads. */
    public MessageProperties(int maxBodyLength, int historyPageLimit, int writerThreads, int writerBatchSize,
            Duration writerLinger, int maxAttributesLength, int maxAttributesDepth) {
        this(maxBodyLength, historyPageLimit, writerThreads, writerBatchSize, writerLinger, maxAttributesLength,
                maxAttributesDepth, Duration.ofSeconds(2), 10_000, 0);
    }

    @ConstructorBinding
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
        if (storeTimeout.isZero() || storeTimeout.isNegative() || writerQueueCapacity < 1) {
            throw new IllegalArgumentException("chat.messages.store-timeout and writer-queue-capacity must be positive");
        }
        if (clientReads < 0) {
            throw new IllegalArgumentException("chat.messages.client-reads must not be negative (0: from the pool)");
        }
        if (historyPageLimit < 1) {
            throw new IllegalArgumentException("chat.messages.history-page-limit must be positive");
        }
        if (maxAttributesLength < 2 || maxAttributesLength > ATTRIBUTES_COLUMN_LENGTH || maxAttributesDepth < 1) {
            throw new IllegalArgumentException("chat.messages.max-attributes-length must be between 2 and "
                    + ATTRIBUTES_COLUMN_LENGTH + ", max-attributes-depth positive");
        }
    }

    /**
     * A message's {@code attributes} as stored: compact JSON of an object within the limits of length and depth, or
     * null when there are none. Anything else is refused with {@code BAD_REQUEST} (or {@code TOO_LARGE}).
     */
    public String normalizedAttributes(String attributes) {
        if (attributes == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(attributes);
        } catch (JacksonException e) {
            throw DomainException.badRequest("attributes must be a JSON object");
        }
        if (tree == null || !tree.isObject()) {
            throw DomainException.badRequest("attributes must be a JSON object");
        }
        if (depthOf(tree) > maxAttributesDepth) {
            throw DomainException.badRequest("attributes must nest at most " + maxAttributesDepth + " levels deep");
        }
        String compact = JSON.writeValueAsString(tree);
        if (compact.length() > maxAttributesLength) {
            throw DomainException.tooLarge("attributes must be at most " + maxAttributesLength + " characters");
        }
        Texts.requireStorable("attributes", compact);
        return compact;
    }

    private static int depthOf(JsonNode node) {
        if (!node.isContainer()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depthOf(child));
        }
        return 1 + deepest;
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
