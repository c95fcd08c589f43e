package io.chatplatform.bench.chat;

/**
 * A HISTORY frame, the answer to one SYNC: the page's messages in ascending {@code seq}.
 *
 * @param seqs         the messages' {@code seq}, in the order received
 * @param clientMsgIds the messages' {@code clientMsgId}, parallel to {@code seqs} (null where absent)
 * @param hasMore      more messages follow the page: SYNC again after its last {@code seq}
 */
public record History(long roomId, long[] seqs, String[] clientMsgIds, boolean hasMore) {

    public static final String TYPE = "HISTORY";

    /** The last seq of the page, or {@code afterSeq} when the page is empty. */
    public long lastSeq(long afterSeq) {
        return seqs.length == 0 ? afterSeq : seqs[seqs.length - 1];
    }
}
