package io.chatplatform.ws.session;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Every open session of this node: all of them by id (pending ones included), and the authenticated ones by
 * endpoint and user, since one user may have many devices and tabs open at once.
 */
@Component
public class SessionRegistry {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final Map<Endpoint, Map<String, Set<ClientSession>>> byUser = new EnumMap<>(Endpoint.class);
    private final Object emptied = new Object();

    public SessionRegistry() {
        for (Endpoint endpoint : Endpoint.values()) {
            byUser.put(endpoint, new ConcurrentHashMap<>());
        }
    }

    void opened(ClientSession session) {
        byId.put(session.id(), session);
    }

    /** What {@link #authenticated} decided. */
    enum Admission {
        /** Filed; the user's first open session on its endpoint. */
        FIRST,
        /** Filed beside the user's other sessions on its endpoint. */
        ANOTHER,
        /** Not filed: the user already has the most sessions allowed on its endpoint. */
        FULL,
        /** Not filed: the session closed while it was being authenticated, and {@link #closed} has run for it. */
        CLOSED
    }

    /**
     * Files an authenticated session under its user, unless the user already has {@code maxPerUser} open sessions
     * on its endpoint. Counting and filing are one step under the user's map entry, so handshakes of one user that
     * arrive at once can never all see room for one more and together pass the limit.
     * <p>
     * A session that closed meanwhile is not filed. Its close may have been handled before it had a user ({@link
     * #closed} then had nothing to remove), so filing it would keep it here for good: the user online, a slot of
     * theirs taken. The session gets its user before this check, and is marked closed before {@link #closed} reads
     * the user, so whichever comes first, the session ends up not filed.
     */
    Admission authenticated(ClientSession session, int maxPerUser) {
        Admission[] admission = new Admission[1];
        byUser.get(session.endpoint()).compute(session.userId(), (user, sessions) -> {
            Set<ClientSession> set = sessions != null ? sessions : ConcurrentHashMap.newKeySet();
            if (!session.isOpen()) {
                admission[0] = Admission.CLOSED;
            } else if (set.size() >= maxPerUser) {
                admission[0] = Admission.FULL;
            } else {
                admission[0] = set.isEmpty() ? Admission.FIRST : Admission.ANOTHER;
                set.add(session);
            }
            return set.isEmpty() ? null : set;
        });
        return admission[0];
    }

    /**
     * Forgets a closed session.
     *
     * @return whether it was its user's last open session on its endpoint
     */
    boolean closed(ClientSession session) {
        byId.remove(session.id());
        if (byId.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
        String userId = session.userId();
        if (userId == null) {
            return false;
        }
        AtomicBoolean last = new AtomicBoolean();
        byUser.get(session.endpoint()).computeIfPresent(userId, (user, sessions) -> {
            boolean removed = sessions.remove(session);
            last.set(removed && sessions.isEmpty());
            return sessions.isEmpty() ? null : sessions;
        });
        return last.get();
    }

    /** The open, authenticated sessions of one user on one endpoint. */
    public Collection<ClientSession> sessionsOf(Endpoint endpoint, String userId) {
        Set<ClientSession> sessions = byUser.get(endpoint).get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public boolean isOnline(Endpoint endpoint, String userId) {
        return byUser.get(endpoint).containsKey(userId);
    }

    /** Visits every open, authenticated session of one endpoint. */
    public void forEachAuthenticated(Endpoint endpoint, Consumer<ClientSession> action) {
        for (Set<ClientSession> sessions : byUser.get(endpoint).values()) {
            sessions.forEach(action);
        }
    }

    /** Visits every open session of every endpoint, pending ones included. */
    public void forEach(Consumer<ClientSession> action) {
        byId.values().forEach(action);
    }

    public int size() {
        return byId.size();
    }

    /** Open, authenticated sessions of one endpoint. */
    public int authenticatedCount(Endpoint endpoint) {
        int count = 0;
        for (Set<ClientSession> sessions : byUser.get(endpoint).values()) {
            count += sessions.size();
        }
        return count;
    }

    /** Waits until no session is open, at most {@code timeoutMillis}. */
    void awaitEmpty(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (emptied) {
            long left = timeoutMillis;
            while (!byId.isEmpty() && left > 0) {
                try {
                    emptied.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                left = deadline - System.currentTimeMillis();
            }
        }
    }
}
