package io.chatplatform.domain.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Storing, listing and acknowledging notifications. Not in a test transaction: {@code notify} commits in its own,
 * as it does in the server.
 */
@DataJpaTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({DomainConfiguration.class, NotificationService.class})
@EnableConfigurationProperties(NotificationProperties.class)
@RecordApplicationEvents
class NotificationServiceTest {

    static final Actor ALICE = new Actor("alice-n", Role.USER);
    static final Actor BOB = new Actor("bob-n", Role.USER);
    static final Actor ROOT = new Actor("root-n", Role.ADMIN);

    @Autowired
    NotificationService notifications;

    @Autowired
    ApplicationEvents events;

    @Test
    void storesOneUnreadNotificationPerDistinctUserAndAnnouncesEach() {
        List<NotificationView> stored = notifications.notify(List.of("n1-a", "n1-b", "n1-a"), "ROOM_ADDED",
                "{ \"roomId\" : 7 }");

        assertThat(stored).extracting(NotificationView::userId).containsExactly("n1-a", "n1-b");
        assertThat(stored).allSatisfy(view -> {
            assertThat(view.id()).isNotNull();
            assertThat(view.payload()).as("compact JSON").isEqualTo("{\"roomId\":7}");
            assertThat(view.readAt()).isNull();
        });
        assertThat(events.stream(NotificationCreated.class).map(event -> event.notification().userId()))
                .containsExactly("n1-a", "n1-b");
    }

    @Test
    void unreadAreReplayedOldestFirstAndListedNewestFirst() {
        Long first = notifications.notify(List.of("n2"), "A", "1").get(0).id();
        Long second = notifications.notify(List.of("n2"), "B", "2").get(0).id();
        Long third = notifications.notify(List.of("n2"), "C", "[3]").get(0).id();
        notifications.markRead(new Actor("n2", Role.USER), second);

        assertThat(notifications.unreadOldestFirst("n2")).extracting(NotificationView::id)
                .containsExactly(first, third);
        Actor owner = new Actor("n2", Role.USER);
        assertThat(notifications.list(owner, false, null)).extracting(NotificationView::id)
                .containsExactly(third, second, first);
        assertThat(notifications.list(owner, true, null)).extracting(NotificationView::id)
                .containsExactly(third, first);
        assertThat(notifications.list(owner, false, 1)).extracting(NotificationView::id).containsExactly(third);
    }

    @Test
    void onlyTheOwnerMarksANotificationReadAndOthersSeeItAsMissing() {
        Long id = notifications.notify(List.of(ALICE.userId()), "MENTION", "{}").get(0).id();

        assertCode(() -> notifications.markRead(BOB, id), ErrorCode.NOT_FOUND);
        assertCode(() -> notifications.markRead(ROOT, id), ErrorCode.NOT_FOUND);
        assertThat(notifications.unreadOldestFirst(ALICE.userId())).extracting(NotificationView::id).contains(id);

        NotificationView read = notifications.markRead(ALICE, id);
        NotificationView again = notifications.markRead(ALICE, id);

        assertThat(read.readAt()).isNotNull();
        assertThat(again.readAt()).as("the first read time stays").isEqualTo(read.readAt());
        assertThat(notifications.unreadOldestFirst(ALICE.userId())).extracting(NotificationView::id)
                .doesNotContain(id);
        assertCode(() -> notifications.markRead(ALICE, Long.MAX_VALUE), ErrorCode.NOT_FOUND);
    }

    @Test
    void aDeletedMessagesNotificationsForgetWhatTheyQuotedAndNoOthersChange() {
        String about = "{\"roomId\":7,\"messageId\":70,\"seq\":3,\"from\":\"carol\",\"excerpt\":\"@alice code 4711\"}";
        String another = "{\"roomId\":7,\"messageId\":71,\"seq\":4,\"from\":\"carol\",\"excerpt\":\"@alice hi\"}";
        String otherRoom = "{\"roomId\":8,\"messageId\":70,\"seq\":1,\"from\":\"carol\",\"excerpt\":\"@alice yo\"}";
        notifications.notify(List.of(ALICE.userId(), BOB.userId()), "MENTION", about);
        notifications.notify(List.of(ALICE.userId()), "MENTION", another);
        notifications.notify(List.of(ALICE.userId()), "MENTION", otherRoom);
        notifications.notify(List.of(ALICE.userId()), "ANNOUNCEMENT", about);

        int changed = notifications.forgetExcerptsOf(7L, 70L, Instant.EPOCH, List.of(ALICE.userId(), BOB.userId()),
                List.of("MENTION", "DIRECT_MESSAGE"));
        int again = notifications.forgetExcerptsOf(7L, 70L, Instant.EPOCH, List.of(ALICE.userId(), BOB.userId()),
                List.of("MENTION", "DIRECT_MESSAGE"));

        assertThat(changed).isEqualTo(2);
        assertThat(again).as("already forgotten").isZero();
        String forgotten = "{\"roomId\":7,\"messageId\":70,\"seq\":3,\"from\":\"carol\",\"excerpt\":\"\","
                + "\"deleted\":true}";
        assertThat(notifications.unreadOldestFirst(ALICE.userId())).extracting(NotificationView::payload)
                .containsExactly(forgotten, another, otherRoom, about);
        assertThat(notifications.unreadOldestFirst(BOB.userId())).extracting(NotificationView::payload)
                .containsExactly(forgotten);
    }

    @Test
    void invalidKindsPayloadsAndRecipientsAreRefused() {
        assertCode(() -> notifications.notify(List.of(), "K", "{}"), ErrorCode.BAD_REQUEST);
        assertCode(() -> notifications.notify(List.of(" "), "K", "{}"), ErrorCode.BAD_REQUEST);
        assertCode(() -> notifications.notify(List.of("x"), "has space", "{}"), ErrorCode.BAD_REQUEST);
        assertCode(() -> notifications.notify(List.of("x"), "K", "{not json"), ErrorCode.BAD_REQUEST);
        assertCode(() -> notifications.notify(List.of("x"), "K", "{} {}"), ErrorCode.BAD_REQUEST);
        assertCode(() -> notifications.notify(List.of("x"), "K", "\"" + "y".repeat(20_000) + "\""),
                ErrorCode.BAD_REQUEST);
    }

    @Test
    void onlyAPlatformAdminSends() {
        assertCode(() -> notifications.send(ALICE, List.of("x"), "K", "{}"), ErrorCode.FORBIDDEN);
        assertThat(notifications.send(ROOT, List.of("n5"), "K", "{\"a\":1}")).hasSize(1);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
