package io.chatplatform.ws.chat;

import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Tells a user's contacts that the user came online or went offline, off the socket threads: who hears of it
 * comes from the database (contacts, blocks) and, in a cluster, from Redis, and a handshake must not wait for that;
 * READY has gone out before any of it starts.
 * <p>
 * Each user belongs to one announcer thread, and an announcement reads the user's state when it runs, not when it
 * was asked for, comparing it with what was last announced: however a quick connect and disconnect interleave,
 * the last announcement matches where the user ended up, and no state is announced twice in a row. A full queue
 * makes the socket thread wait rather than lose an announcement.
 */
@Component
class PresenceAnnouncer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PresenceAnnouncer.class);
    static final int THREADS = 2;
    static final int QUEUE_CAPACITY = 50_000;

    private final SessionRegistry registry;
    private final RoomBroadcaster broadcaster;
    /** Users this node announced online and not offline since; each entry is touched by its user's thread only. */
    private final Set<String> announcedOnline = ConcurrentHashMap.newKeySet();
    private final List<ThreadPoolExecutor> lanes = new ArrayList<>();

    PresenceAnnouncer(SessionRegistry registry, RoomBroadcaster broadcaster) {
        this.registry = registry;
        this.broadcaster = broadcaster;
        for (int i = 0; i < THREADS; i++) {
            String name = "presence-" + i;
            lanes.add(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
                    runnable -> {
                        Thread thread = new Thread(runnable, name);
                        thread.setDaemon(true);
                        return thread;
                    }, PresenceAnnouncer::waitForRoom));
        }
    }

    /** The user's first chat session on this node opened, or their last one closed: announce in the background. */
    void changed(String userId) {
        try {
            lanes.get(Math.floorMod(userId.hashCode(), lanes.size())).execute(() -> announce(userId));
        } catch (RejectedExecutionException shuttingDown) {
            // every socket is being closed with 1001: nobody is left to tell
        }
    }

    private void announce(String userId) {
        try {
            boolean online = registry.isOnline(Endpoint.CHAT, userId);
            if (online && announcedOnline.add(userId)) {
                broadcaster.sessionOpened(userId);
            } else if (!online && announcedOnline.remove(userId)) {
                broadcaster.sessionClosed(userId);
            }
        } catch (RuntimeException e) {
            log.warn("Announcing the presence of {} failed", userId, e);
        }
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor lane) {
        if (lane.isShutdown()) {
            throw new RejectedExecutionException("presence announcer stopped");
        }
        try {
            lane.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for the presence queue", e);
        }
    }

    @Override
    public void destroy() {
        lanes.forEach(ThreadPoolExecutor::shutdownNow);
    }
}
