package io.chatplatform.domain.message;

import io.chatplatform.domain.change.RoomChange;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.user.Actor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads what changed in a room after a rev, for a client that was away: new messages from the message rows, every
 * other change from the change log, merged in rev order.
 *
 * <p>Why the reader reaches the room's state: revs commit in order (each is taken under the room's row lock, and
 * the lock is held to the commit), so a read of the room's rev {@code R} followed by reads of everything up to
 * {@code R} sees every change up to {@code R}. A message is read as it is now, which already shows what the later
 * changes of the same page did to it (edits, deletion, reactions, its thread's summary): those are left out of the
 * page. Changes of pages read later are replayed, and the last of them leaves the message as it is. Reactions are
 * read with the messages, as they are then: a REACTION replayed later carries the emoji's count after it, so
 * applying it again to a count that already shows it changes nothing.
 */
@Service
public class ChangeFeed {

    /** How many changes one page holds when the client asks for no limit. */
    static final int DEFAULT_LIMIT = 100;

    private final RoomAccess rooms;
    private final HistoryRows messages;
    private final RoomChangeLog log;
    private final MessageProperties properties;
    private final ReactionService reactions;
    private final ClientReads clientReads;
    private final TransactionTemplate readOnly;

    ChangeFeed(RoomAccess rooms, JdbcTemplate jdbc, RoomChangeLog log, MessageProperties properties,
            ReactionService reactions, ClientReads clientReads, PlatformTransactionManager transactionManager) {
        this.clientReads = clientReads;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.reactions = reactions;
        this.rooms = rooms;
        this.messages = new HistoryRows(jdbc);
        this.log = log;
        this.properties = properties;
    }

    /**
     * The changes of a room after {@code afterRev}, as {@code reader} sees them; at most {@code limit} of them. Read
     * in one read-only transaction, in its turn among clients' reads ({@link ClientReads}).
     */
    public ChangePage since(Actor reader, Long roomId, long afterRev, Integer limit) {
        if (afterRev < 0) {
            throw DomainException.badRequest("afterRev must be >= 0");
        }
        if (limit != null && limit < 1) {
            throw DomainException.badRequest("limit must be positive");
        }
        int pageSize = Math.min(limit == null ? DEFAULT_LIMIT : limit, properties.historyPageLimit());
        return clientReads.run(() -> readOnly.execute(status -> read(reader, roomId, afterRev, pageSize)));
    }

    private ChangePage read(Actor reader, Long roomId, long afterRev, int pageSize) {
        rooms.requireReadable(reader, roomId);
        long upTo = log.lastRev(roomId);
        if (afterRev >= upTo) {
            return new ChangePage(List.of(), false, upTo);
        }
        List<RoomChange> logged = log.read(roomId, afterRev, upTo, pageSize + 1);
        // the messages after afterRev are those after the room's last seq at afterRev (RoomChangeLog#lastSeqAt)
        List<MessageView> posted = messages.readUpToRev(roomId, log.lastSeqAt(roomId, afterRev), upTo, pageSize + 1);
        List<ChangePage.Entry> merged = merge(posted, logged, pageSize);
        boolean hasMore = merged.size() > pageSize;
        List<ChangePage.Entry> page = hasMore ? merged.subList(0, pageSize) : merged;
        long reached = hasMore ? page.get(page.size() - 1).rev() : upTo;
        return new ChangePage(withReactions(reader, withoutCovered(page)), hasMore, reached);
    }

    /** The page's messages with their reactions as the reader sees them now, read in one query for the page. */
    private List<ChangePage.Entry> withReactions(Actor reader, List<ChangePage.Entry> page) {
        List<MessageView> carried = new ArrayList<>();
        for (ChangePage.Entry entry : page) {
            if (entry.message() != null) {
                carried.add(entry.message());
            }
        }
        if (carried.isEmpty()) {
            return page;
        }
        Iterator<MessageView> filled = reactions.withReactions(reader.userId(), carried).iterator();
        List<ChangePage.Entry> entries = new ArrayList<>(page.size());
        for (ChangePage.Entry entry : page) {
            entries.add(entry.message() != null ? ChangePage.Entry.of(filled.next()) : entry);
        }
        return entries;
    }

    private static List<ChangePage.Entry> merge(List<MessageView> posted, List<RoomChange> logged, int pageSize) {
        List<ChangePage.Entry> merged = new ArrayList<>(pageSize + 1);
        int m = 0;
        int c = 0;
        while (merged.size() <= pageSize && (m < posted.size() || c < logged.size())) {
            boolean takeMessage = c >= logged.size()
                    || (m < posted.size() && posted.get(m).rev() < logged.get(c).rev());
            merged.add(takeMessage ? ChangePage.Entry.of(posted.get(m++))
                    : ChangePage.Entry.of(logged.get(c++)));
        }
        return merged;
    }

    /** Leaves out the changes to messages that the same page carries as they are now. */
    private static List<ChangePage.Entry> withoutCovered(List<ChangePage.Entry> page) {
        Set<Long> carried = new HashSet<>();
        for (ChangePage.Entry entry : page) {
            if (entry.message() != null) {
                carried.add(entry.message().messageId());
            }
        }
        if (carried.isEmpty()) {
            return List.copyOf(page);
        }
        List<ChangePage.Entry> kept = new ArrayList<>(page.size());
        for (ChangePage.Entry entry : page) {
            RoomChange change = entry.change();
            boolean covered = change != null && change.kind().aboutMessage() && carried.contains(change.messageId());
            if (!covered) {
                kept.add(entry);
            }
        }
        return kept;
    }
}
