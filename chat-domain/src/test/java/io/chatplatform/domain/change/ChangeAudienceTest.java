package io.chatplatform.domain.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.posting.Post;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Every logged change names its audience: the room's membership version as the change took its rev. Delivery reads
 * the members as of at least that version, so a member whose removal committed before the change never hears of it,
 * even on a node whose cached member list is older and where the removal's own event has not arrived yet (events of
 * different nodes reach a node in no particular order). A change published for "any version" would be delivered to
 * whatever list such a node had cached, the removed member included.
 */
@SpringBootTest
class ChangeAudienceTest {

    static final String THUMBS_UP = "\uD83D\uDC4D";

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    Posting posting;

    @Autowired
    MessageService messages;

    @Autowired
    ReactionService reactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Heard heard;

    Actor owner;
    Actor ann;
    Actor ben;
    Long roomId;

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        Heard heard() {
            return new Heard();
        }
    }

    /** The changes the after-commit listeners hear of, from any thread (posting's writer announces replies). */
    static class Heard {

        final List<RoomChanged> changes = new CopyOnWriteArrayList<>();

        @TransactionalEventListener(fallbackExecution = true)
        void on(RoomChanged event) {
            changes.add(event);
        }

        List<RoomChanged> of(Long roomId) {
            return changes.stream().filter(event -> event.change().roomId().equals(roomId)).toList();
        }
    }

    @BeforeEach
    void room() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        owner = new Actor("audience-owner-" + run, Role.USER);
        ann = new Actor("audience-ann-" + run, Role.USER);
        ben = new Actor("audience-ben-" + run, Role.USER);
        roomId = rooms.create(owner, new CreateRoom("audience", RoomType.GROUP,
                List.of(ann.userId(), ben.userId()))).id();
    }

    @AfterEach
    void deleteRoom() {
        rooms.delete(owner, roomId);
    }

    @Test
    void everyChangeIsForTheMembersOfTheVersionItWasMadeUnder() {
        MessageView root = posting.post(ann, roomId, "root", "before ben left").message();
        memberships.removeMember(owner, roomId, ben.userId());
        long afterBenLeft = membershipVersion();
        int before = heard.of(roomId).size();

        messages.edit(ann, roomId, root.messageId(), "after ben left");
        reactions.react(ann, roomId, root.messageId(), THUMBS_UP);
        posting.post(ann, new Post(roomId, "reply", "a reply", root.messageId(), null));
        rooms.rename(owner, roomId, "renamed");
        messages.delete(ann, roomId, root.messageId());

        await().atMost(Duration.ofSeconds(30)).until(() -> heard.of(roomId).size() >= before + 5);
        List<RoomChanged> made = heard.of(roomId).subList(before, before + 5);
        assertThat(made).extracting(event -> event.change().kind()).containsExactly(ChangeKind.MESSAGE_UPDATED,
                ChangeKind.REACTION, ChangeKind.THREAD_UPDATED, ChangeKind.ROOM_UPDATED, ChangeKind.MESSAGE_DELETED);
        assertThat(made).extracting(RoomChanged::membershipVersion).containsOnly(afterBenLeft);
    }

    @Test
    void aMembershipChangeIsForTheVersionItMade() {
        long before = membershipVersion();

        memberships.removeMember(owner, roomId, ben.userId());

        RoomChanged left = heard.of(roomId).get(heard.of(roomId).size() - 1);
        assertThat(left.change().kind()).isEqualTo(ChangeKind.MEMBER_LEFT);
        assertThat(left.membershipVersion()).isEqualTo(membershipVersion()).isGreaterThan(before);
        assertThat(left.alsoTo()).isEqualTo(ben.userId());
    }

    private long membershipVersion() {
        return jdbc.queryForObject("select membership_version from rooms where id = ?", Long.class, roomId);
    }
}
