package io.chatplatform.domain.posting;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.Actor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Posts messages to rooms. What a caller may rely on:
 * <ul>
 *   <li>durability before the answer: a post's future completes only after the transaction that stored it has
 *       committed; refusals ({@link DomainException}: no such room, not a member, a closed DIRECT room) complete it
 *       exceptionally and store nothing;</li>
 *   <li>numbering: a room's messages get {@code seq} 1, 2, 3, ... with no gap and no repeat, across all nodes (the
 *       room's row lock, not this node's threads, guarantees it);</li>
 *   <li>no duplicates: a repeat of a {@code clientMsgId} the sender already used in the room answers with the stored
 *       message, marked {@link PostResult#duplicate()}, and creates and announces nothing;</li>
 *   <li>announcements: each new message is announced once with {@link MessagePosted} after its commit and, within
 *       one node, in {@code seq} order per room; other nodes hear of it through their own channels.</li>
 *   <li>a bounded wait: when the database is away, the future completes with
 *       {@link io.chatplatform.domain.common.Unavailable} once the database has given no sign of life (a statement
 *       answered for the post's writer, a probe answered) for {@code chat.messages.store-timeout} (default 2 s), and
 *       within 1.5 times that of its last sign at most; a database that answers, slowly, delays the commit and the
 *       answer instead. That answer
 *       does not say "nothing was stored" (a commit may have happened, or still happen): a repeat with the same
 *       {@code clientMsgId} answers with the stored message, or stores it. A refusal ({@link DomainException} of
 *       any other code) is only given when nothing is stored;</li>
 * </ul>
 * Called inside a transaction of the caller's, the message is stored there and then, as part of it.
 */
public interface Posting {

    /**
     * Stores a message without waiting: the future completes once the message is committed (or refused). Invalid
     * input (no room, a blank or too long {@code clientMsgId}, an empty or too long body) is refused at once, by
     * throwing. Never blocks: a full queue completes the future with {@code Unavailable} at once.
     */
    CompletableFuture<PostResult> postAsync(Actor sender, Post post);

    /** A plain post: no thread, no attributes. */
    default CompletableFuture<PostResult> postAsync(Actor sender, Long roomId, String clientMsgId, String body) {
        return postAsync(sender, new Post(roomId, clientMsgId, body));
    }

    /** {@link #postAsync}, waiting for the commit; a refusal is thrown as the {@link DomainException} it is. */
    default PostResult post(Actor sender, Long roomId, String clientMsgId, String body) {
        return post(sender, new Post(roomId, clientMsgId, body));
    }

    /** {@link #postAsync}, waiting for the commit; a refusal is thrown as the {@link DomainException} it is. */
    default PostResult post(Actor sender, Post post) {
        try {
            return postAsync(sender, post).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
