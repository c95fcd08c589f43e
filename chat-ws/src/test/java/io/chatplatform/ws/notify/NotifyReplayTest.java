package io.chatplatform.ws.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.HandlerHarness;
import io.chatplatform.ws.session.SessionHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replay of unread notifications with a real handler and registry; the notification service, which would read
 * the database, answers only when the test lets it and records the thread that asked.
 */
class NotifyReplayTest {

    private final HandlerHarness harness = new HandlerHarness();
    private final NotificationService notifications = mock(NotificationService.class);
    private final NotifyRoutes routes = new NotifyRoutes(harness.replies(), notifications);
    private final SessionHandler handler = harness.handler(Endpoint.NOTIFY, routes);
    private final CountDownLatch databaseAnswers = new CountDownLatch(1);
    private final List<String> readers = new CopyOnWriteArrayList<>();
    private final List<String> readFor = new CopyOnWriteArrayList<>();

    NotifyReplayTest() {
        when(notifications.unreadOldestFirst(any())).thenAnswer(call -> {
            String userId = call.getArgument(0);
            readers.add(Thread.currentThread().getName());
            readFor.add(userId);
            databaseAnswers.await(10, TimeUnit.SECONDS); // as slow as a busy database
            return List.of(new NotificationView(7L, userId, "MENTION", "{\"roomId\":1}", Instant.EPOCH, null));
        });
    }

    @AfterEach
    void stop() {
        databaseAnswers.countDown();
        routes.destroy();
        harness.close();
    }

    @Test
    void readyGoesOutWithoutWaitingForTheReplayWhichFollowsFromItsOwnThread() {
        HandlerHarness.Connection alice = harness.openAuthenticated(handler, "alice");

        assertThat(alice.sent()).as("READY, and nothing the database has yet to answer").singleElement().asString()
                .contains("\"type\":\"READY\"");
        databaseAnswers.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> alice.sent().size() == 2);
        assertThat(alice.sent().get(1)).contains("\"type\":\"NOTIFICATION\"").contains("\"id\":7");
        assertThat(readers).singleElement().asString().startsWith("notify-replay-");
    }

    @Test
    void aSessionClosedBeforeItsTurnIsNotReadFor() {
        harness.openAuthenticated(handler, "first"); // both replay threads soon wait on the slow database
        harness.openAuthenticated(handler, "second");
        await().atMost(Duration.ofSeconds(5)).until(() -> readFor.size() == 2);
        harness.openAuthenticated(handler, "gone").disconnect();

        databaseAnswers.countDown();
        HandlerHarness.Connection last = harness.openAuthenticated(handler, "last");
        await().atMost(Duration.ofSeconds(5)).until(() -> last.sent().size() == 2);
        assertThat(readFor).containsExactlyInAnyOrder("first", "second", "last");
    }
}
