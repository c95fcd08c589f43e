package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.posting.Post;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.MemberRole;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SYNC by rev finds a room's messages after a rev through their seq ({@link RoomChangeLog#lastSeqAt}): checked here
 * against the messages' own revs, for every rev of a room whose history mixes every kind of change with posts.
 */
@SpringBootTest
class ChangeFeedTest {

    @Autowired
    ChangeFeed feed;

    @Autowired
    Posting posting;

    @Autowired
    MessageService messages;

    @Autowired
    ReactionService reactions;

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    RoomChangeLog log;

    @Autowired
    JdbcTemplate jdbc;

    Actor alice;
    Actor bob;
    Long roomId;
    int posts;

    @BeforeEach
    void room() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        alice = new Actor("alice-" + run, Role.USER);
        bob = new Actor("bob-" + run, Role.USER);
        roomId = rooms.create(alice, new CreateRoom("feed", RoomType.GROUP, List.of(bob.userId()))).id();
    }

    private long post(Actor sender, Long threadId) {
        posts++;
        return posting.post(sender, new Post(roomId, "m-" + posts, "body " + posts, threadId, null)).message()
                .messageId();
    }

    @Test
    void afterEveryRevThePagesCarryExactlyTheMessagesWithHigherRevs() {
        long first = post(alice, null);
        post(bob, null);
        rooms.rename(alice, roomId, "renamed");
        long root = post(alice, null);
        post(bob, root); // a reply: its rev, then the root's summary under the next
        post(bob, root);
        messages.edit(alice, roomId, first, "edited");
        reactions.react(bob, roomId, root, "\uD83D\uDC4D");
        post(alice, null);
        memberships.addMember(alice, roomId, "carol-" + alice.userId(), MemberRole.MEMBER);
        messages.delete(alice, roomId, first);
        post(bob, null);
        post(alice, null);
        long lastRev = log.lastRev(roomId);
        assertThat(lastRev).isGreaterThan(posts + 5L); // every kind of change is in there

        for (long after = 0; after <= lastRev; after++) {
            List<Long> expected = jdbc.queryForList(
                    "select id from messages where room_id = ? and rev > ? order by rev", Long.class, roomId, after);
            assertThat(messageIds(feed.since(alice, roomId, after, 1000).changes()))
                    .as("messages after rev %d", after).isEqualTo(expected);

            List<Long> paged = new ArrayList<>();
            long reached = after;
            ChangePage page;
            do {
                page = feed.since(alice, roomId, reached, 2);
                paged.addAll(messageIds(page.changes()));
                assertThat(page.rev()).as("a page after rev %d moves on", reached)
                        .isGreaterThan(page.hasMore() ? reached : reached - 1);
                reached = page.rev();
            } while (page.hasMore());
            assertThat(reached).isEqualTo(lastRev);
            assertThat(paged).as("messages after rev %d, two changes a page", after).isEqualTo(expected);
        }
    }

    @Test
    void theLastSeqAtARevCountsOnlyTheMessagesUpToIt() {
        post(alice, null);
        rooms.rename(alice, roomId, "one");
        rooms.rename(alice, roomId, "two");
        long root = post(alice, null);
        post(bob, root);
        post(bob, null);
        long lastRev = log.lastRev(roomId);

        for (long rev = 0; rev <= lastRev; rev++) {
            long expected = jdbc.queryForObject("select coalesce(max(seq), 0) from messages "
                    + "where room_id = ? and rev <= ?", Long.class, roomId, rev);
            assertThat(log.lastSeqAt(roomId, rev)).as("last seq at rev %d", rev).isEqualTo(expected);
        }
    }

    private static List<Long> messageIds(List<ChangePage.Entry> entries) {
        List<Long> ids = new ArrayList<>();
        for (ChangePage.Entry entry : entries) {
            if (entry.message() != null) {
                ids.add(entry.message().messageId());
            }
        }
        return ids;
    }
}
