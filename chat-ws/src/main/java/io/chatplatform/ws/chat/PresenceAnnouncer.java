package io.chatplatform.ws.chat;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
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
 * the last announcement matches where the user ended up, and no state is announced twice in a row. A thread takes
 * every user waiting for it (up to {@link #BATCH}) at once and looks their audiences up together: after a node's
 * restart thousands of users come back within seconds, and one look-up per user made presence one of the largest
 * costs of the reconnect storm. A full queue makes the socket thread wait rather than lose an announcement.
 */
@Component
class PresenceAnnouncer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PresenceAnnouncer.class);
    static final int THREADS = 2;
    static final int QUEUE_CAPACITY = 50_000;
    /** The most users one thread announces together. */
    static final int BATCH = RoomBroadcaster.AUDIENCE_LOOKUP_SIZE;

    private final SessionRegistry registry;
    private final RoomBroadcaster broadcaster;
    /** Users this node announced online and not offline since; each entry is touched by its user's thread only. */
    private final Set<String> announcedOnline = ConcurrentHashMap.newKeySet();
    private final List<BlockingQueue<String>> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    PresenceAnnouncer(SessionRegistry registry, RoomBroadcaster broadcaster) {
        this.registry = registry;
        this.broadcaster = broadcaster;
        ThreadFactory factory = DaemonThreads.named("presence-");
        for (int i = 0; i < THREADS; i++) {
            BlockingQueue<String> lane = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
            Thread thread = factory.newThread(() -> run(lane));
            lanes.add(lane);
            threads.add(thread);
            thread.start();
        }
    }

    /** The user's first chat session on this node opened, or their last one closed: announce in the background. */
    void changed(String userId) {
        BlockingQueue<String> lane = lanes.get(Math.floorMod(userId.hashCode(), lanes.size()));
        try {
            while (running && !lane.offer(userId, 100, TimeUnit.MILLISECONDS)) {
                // full: the socket thread waits for room rather than lose the announcement
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // not running: every socket is being closed with 1001, nobody is left to tell
    }

    private void run(BlockingQueue<String> lane) {
        List<String> taken = new ArrayList<>(BATCH);
        while (running) {
            try {
                taken.add(lane.take());
            } catch (InterruptedException stopped) {
                return;
            }
            lane.drainTo(taken, BATCH - 1);
            announce(new LinkedHashSet<>(taken));
            taken.clear();
        }
    }

    private void announce(Set<String> userIds) {
        List<String> cameOnline = new ArrayList<>();
        List<String> wentOffline = new ArrayList<>();
        for (String userId : userIds) {
            boolean online = registry.isOnline(Endpoint.CHAT, userId);
            if (online && announcedOnline.add(userId)) {
                cameOnline.add(userId);
            } else if (!online && announcedOnline.remove(userId)) {
                wentOffline.add(userId);
            }
        }
        if (!cameOnline.isEmpty()) {
            tell(cameOnline, true);
        }
        if (!wentOffline.isEmpty()) {
            tell(wentOffline, false);
        }
    }

    private void tell(List<String> userIds, boolean online) {
        try {
            if (online) {
                broadcaster.sessionsOpened(userIds);
            } else {
                broadcaster.sessionsClosed(userIds);
            }
        } catch (RuntimeException e) {
            log.warn("Announcing that {} user(s) went {} failed", userIds.size(), online ? "online" : "offline", e);
        }
    }

    @Override
    public void destroy() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
