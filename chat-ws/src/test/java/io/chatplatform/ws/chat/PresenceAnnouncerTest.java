package io.chatplatform.ws.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.message.ChangeFeed;
import io.chatplatform.domain.room.ReadMarkerService;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.ws.delivery.RoomDelivery;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.HandlerHarness;
import io.chatplatform.ws.session.SessionHandler;
import io.chatplatform.ws.session.SessionRegistry;
import io.chatplatform.ws.session.WsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat handler with a real registry and announcer; the broadcaster, which would read contacts from the
 * database and send PRESENCE, records what it is asked to announce.
 */
class PresenceAnnouncerTest {

    private final HandlerHarness harness = new HandlerHarness();
    private final RoomBroadcaster broadcaster = mock(RoomBroadcaster.class);
    private final List<String> announced = new CopyOnWriteArrayList<>();
    /** How many users each call of the broadcaster announced. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch databaseAnswers = new CountDownLatch(1);
    private final PresenceAnnouncer announcer = new PresenceAnnouncer(harness.support().registry(), broadcaster);
    private final SessionHandler handler = harness.handler(Endpoint.CHAT, new ChatRoutes(harness.replies(),
            mock(MessageService.class), mock(Posting.class), mock(RoomAccess.class), mock(ReadMarkerService.class),
            broadcaster, new TypingThrottle(HandlerHarness.limits(1, 1, 1), Clock.systemUTC()),
            new WsMetrics(new SimpleMeterRegistry(), new SessionRegistry()), new RoomDelivery(0),
            new HistoryPages(new FrameCodec(JsonMapper.builder().build()), 128 * 1024), announcer,
            mock(ChangeFeed.class), mock(ReactionService.class)));

    PresenceAnnouncerTest() {
        doAnswer(call -> {
            databaseAnswers.await(10, TimeUnit.SECONDS); // as slow as a busy database
            record("online ", call.getArgument(0));
            return null;
        }).when(broadcaster).sessionsOpened(anyCollection());
        doAnswer(call -> {
            record("offline ", call.getArgument(0));
            return null;
        }).when(broadcaster).sessionsClosed(anyCollection());
    }

    private void record(String state, Collection<String> userIds) {
        batches.add(userIds.size());
        userIds.forEach(userId -> announced.add(state + userId));
    }

    @AfterEach
    void stop() {
        databaseAnswers.countDown();
        announcer.destroy();
        harness.close();
    }

    @Test
    void readyGoesOutWithoutWaitingForThePresenceAnnouncement() {
        HandlerHarness.Connection alice = harness.openAuthenticated(handler, "alice");

        assertThat(alice.sent()).singleElement().asString().contains("\"type\":\"READY\"");
        assertThat(announced).as("the announcement still waits for the database").isEmpty();
        databaseAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> announced.equals(List.of("online alice")));
    }

    @Test
    void quickConnectsAndDisconnectsEndWithTheUsersLastState() {
        databaseAnswers.countDown();
        for (int i = 0; i < 200; i++) {
            harness.openAuthenticated(handler, "bob").disconnect();
        }
        HandlerHarness.Connection stays = harness.openAuthenticated(handler, "carol");
        harness.openAuthenticated(handler, "carol").disconnect();

        await().atMost(Duration.ofSeconds(5)).until(() -> announced.contains("online carol"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<String> bob = announced.stream().filter(line -> line.endsWith(" bob")).toList();
        assertThat(bob).isNotEmpty().last().isEqualTo("offline bob");
        for (int i = 1; i < bob.size(); i++) {
            assertThat(bob.get(i)).as("never the same state twice in a row").isNotEqualTo(bob.get(i - 1));
        }
        assertThat(announced.stream().filter(line -> line.endsWith(" carol")).toList())
                .as("carol still has a session").containsExactly("online carol");
        assertThat(stays.closeStatus()).isNull();
    }

    @Test
    void usersWaitingForTheSameThreadAreAnnouncedTogether() {
        harness.openAuthenticated(handler, "first"); // both threads soon wait on the slow database
        harness.openAuthenticated(handler, "second");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            users.add("user-" + i);
            harness.openAuthenticated(handler, "user-" + i);
        }
        databaseAnswers.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> announced.size() == 102);
        assertThat(announced).contains(users.stream().map(user -> "online " + user).toArray(String[]::new));
        assertThat(batches).as("a call for the first user of each thread, then one for everyone who waited on it")
                .hasSizeLessThanOrEqualTo(PresenceAnnouncer.THREADS * 2);
    }
}
