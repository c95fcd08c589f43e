package io.chatplatform.domain.contact;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.UserIds;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blocks between users. When X blocks Y, Y may no longer add X to a room or see X's presence, and the DIRECT room
 * of the two is closed to both (see {@code RoomAccess} and {@code RoomPosting}, which ask here). A block binds
 * nobody else: X and Y may still share group rooms that a third user made. Neither user needs a local account.
 */
@Service
public class BlockService {

    /** Blocks one user may hold: enough for any person, and a bound on what one account can make the server store. */
    public static final int MAX_BLOCKS = 10_000;

    private final BlockRepository blocks;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BlockService(BlockRepository blocks, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.blocks = blocks;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The caller blocks {@code userId}; blocking again changes nothing. */
    public void block(Actor caller, String userId) {
        UserIds.requireValid(userId);
        if (userId.equals(caller.userId())) {
            throw DomainException.badRequest("you cannot block yourself");
        }
        try {
            transactions.executeWithoutResult(status -> store(caller.userId(), userId));
        } catch (DataIntegrityViolationException raced) {
            // The same block arrived twice at once and the other request stored it: a fresh transaction finds it.
            transactions.executeWithoutResult(status -> store(caller.userId(), userId));
        }
    }

    private void store(String blockerId, String blockedId) {
        if (blocks.existsById(new BlockId(blockerId, blockedId))) {
            return;
        }
        if (blocks.countByIdBlockerId(blockerId) >= MAX_BLOCKS) {
            throw DomainException.conflict("you have blocked " + MAX_BLOCKS + " users, the most allowed; "
                    + "unblock someone first");
        }
        blocks.saveAndFlush(new Block(blockerId, blockedId, clock.instant()));
        events.publishEvent(new UserBlocked(blockerId, blockedId));
    }

    /** The caller lifts their block of {@code userId}; lifting a block that does not exist changes nothing. */
    @Transactional
    public void unblock(Actor caller, String userId) {
        UserIds.requireValid(userId);
        blocks.deleteById(new BlockId(caller.userId(), userId));
    }

    /** The users the caller has blocked, the most recent first. */
    @Transactional(readOnly = true)
    public List<BlockView> blocksOf(Actor caller) {
        return blocks.findByBlocker(caller.userId()).stream().map(Block::view).toList();
    }

    /** Whether {@code blockerId} has blocked {@code blockedId}. */
    @Transactional(readOnly = true)
    public boolean hasBlocked(String blockerId, String blockedId) {
        return blocks.existsById(new BlockId(blockerId, blockedId));
    }

    /** Whether either of the two users has blocked the other. */
    @Transactional(readOnly = true)
    public boolean eitherBlocks(String oneUserId, String otherUserId) {
        return blocks.existsEitherWay(oneUserId, otherUserId);
    }

    /** Whether any of the users has blocked another of them. */
    @Transactional(readOnly = true)
    public boolean anyAmong(Collection<String> userIds) {
        return !userIds.isEmpty() && blocks.existsAmong(userIds);
    }

    /** The users {@code blockerId} has blocked: those who must not hear of that user's presence. */
    @Transactional(readOnly = true)
    public Set<String> blockedBy(String blockerId) {
        return Set.copyOf(blocks.findBlockedIds(blockerId));
    }

    /** The users who have blocked {@code blockedId}. */
    @Transactional(readOnly = true)
    public Set<String> blockersOf(String blockedId) {
        return Set.copyOf(blocks.findBlockerIds(blockedId));
    }

    /** Those among {@code candidates} who have blocked {@code blockedId}. */
    @Transactional(readOnly = true)
    public List<String> blockersAmong(String blockedId, Collection<String> candidates) {
        return candidates.isEmpty() ? List.of() : blocks.findBlockerIdsAmong(blockedId, candidates);
    }

    /**
     * A deleted user's own blocks go with the account; blocks of others against them stay, so that deleting the
     * account and registering the same name again does not shed them.
     */
    @EventListener
    void on(AccountDeleted deleted) {
        blocks.deleteByBlocker(deleted.userId());
    }
}
