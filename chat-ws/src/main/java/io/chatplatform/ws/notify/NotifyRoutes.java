package io.chatplatform.ws.notify;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.protocol.FrameRef;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import io.chatplatform.ws.session.Replies;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/notify}: on every authenticated open, the user's unread notifications are replayed oldest first;
 * new ones arrive live (see {@link NotificationPusher}); {@code ACK {"id"}} marks one read so that it is never
 * replayed again. The session is registered before the replay is read, so a notification created meanwhile is
 * pushed, replayed, or both, never neither: clients drop repeats by id.
 *
 * <p>The replay reads the database, so it runs on its own small pool after READY, not on the thread that
 * authenticated the session: a wave of reconnecting clients does not hold Tomcat's threads (and the handshakes
 * behind them) on database reads. When more replays wait than the queue holds, the authenticating thread reads
 * its own rather than drop it.
 */
@Component
class NotifyRoutes implements FrameRoutes, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NotifyRoutes.class);
    static final int REPLAY_THREADS = 2;
    static final int REPLAY_QUEUE = 10_000;

    private final Replies replies;
    private final NotificationService notifications;
    private final ExecutorService replays = new ThreadPoolExecutor(REPLAY_THREADS, REPLAY_THREADS, 0,
            TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(REPLAY_QUEUE), DaemonThreads.named("notify-replay-"),
            new ThreadPoolExecutor.CallerRunsPolicy());

    NotifyRoutes(Replies replies, NotificationService notifications) {
        this.replies = replies;
        this.notifications = notifications;
    }

    @Override
    public void register(FrameRouter router) {
        router.on(Endpoint.NOTIFY, NotifyCommands.Ack.TYPE, (session, ack) ->
                notifications.markRead(session.actor(), ack.id()));
        router.onAuthenticated(Endpoint.NOTIFY, (session, firstOfUser) -> replays.execute(() -> replayUnread(session)));
    }

    private void replayUnread(ClientSession session) {
        if (!session.isOpen()) {
            return; // gone while it waited: its next session replays the same notifications
        }
        try {
            for (NotificationView unread : notifications.unreadOldestFirst(session.userId())) {
                replies.send(session, NotifyFrames.Notification.of(unread));
            }
        } catch (RuntimeException e) {
            log.error("Replaying notifications of {} failed", session.userId(), e);
            replies.sendError(session, ErrorCode.INTERNAL, "could not replay notifications; reconnect to retry",
                    FrameRef.NONE);
        }
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
    }
}
