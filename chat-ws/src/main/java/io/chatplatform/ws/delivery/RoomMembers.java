package io.chatplatform.ws.delivery;

import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.MembershipService.MemberSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Room members as of a membership version, cached so that a busy room costs no query per message. A message
 * names the version it was posted under; a cached list older than that is reloaded first, so a member removed
 * on any node never receives a message posted after the removal.
 */
@Component
public class RoomMembers {

    /** Beyond this many cached rooms the cache starts over; it refills from the rooms that are active. */
    private static final int MAX_CACHED_ROOMS = 100_000;

    private final MembershipService rooms;
    private final Map<Long, MemberSnapshot> cache = new ConcurrentHashMap<>();

    RoomMembers(MembershipService rooms) {
        this.rooms = rooms;
    }

    /** The members as of at least {@code minVersion}. */
    public List<String> of(Long roomId, long minVersion) {
        MemberSnapshot cached = cache.get(roomId);
        if (cached != null && cached.version() >= minVersion) {
            return cached.userIds();
        }
        return reload(roomId).userIds();
    }

    /** The members as currently cached, for frames that need no exact membership (typing, read markers). */
    public List<String> of(Long roomId) {
        return of(roomId, Long.MIN_VALUE);
    }

    /** Reads the members afresh, after a membership change. */
    private MemberSnapshot reload(Long roomId) {
        MemberSnapshot fresh = rooms.memberSnapshot(roomId);
        if (fresh.version() < 0) {
            cache.remove(roomId);
            return fresh;
        }
        if (cache.size() >= MAX_CACHED_ROOMS) {
            cache.clear();
        }
        cache.merge(roomId, fresh, (old, loaded) -> loaded.version() >= old.version() ? loaded : old);
        return fresh;
    }

    /**
     * Reads the members afresh, whatever is cached: for messages read back from the database, whose membership
     * version is not known here and which may have been missed together with the membership changes before them.
     */
    public List<String> current(Long roomId) {
        return reload(roomId).userIds();
    }

    public void forget(Long roomId) {
        cache.remove(roomId);
    }

    /** Forgets every cached list, after a break in which membership changes of other nodes may have been missed. */
    public void forgetAll() {
        cache.clear();
    }
}
