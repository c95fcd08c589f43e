package io.chatplatform.ws.chat;

import io.chatplatform.ws.session.WsProperties;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Lets at most one TYPING per user and room through each {@code chat.ws.typing-interval}: clients send TYPING on
 * every keystroke, and relaying each to every member would multiply traffic for nothing.
 */
@Component
class TypingThrottle {

    /** Entries older than the interval are pruned once the map grows past this, keeping it small. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Map<Key, Long> lastRelayed = new ConcurrentHashMap<>();
    private final long intervalMillis;
    private final Clock clock;

    TypingThrottle(WsProperties properties, Clock clock) {
        this.intervalMillis = properties.typingInterval().toMillis();
        this.clock = clock;
    }

    /** Whether this TYPING should be relayed; records it when so. */
    boolean tryAcquire(String userId, Long roomId) {
        long now = clock.instant().toEpochMilli(); // works with any Clock, a JDK 17 sub-millisecond tick clock too
        boolean[] allowed = new boolean[1];
        lastRelayed.compute(new Key(userId, roomId), (key, last) -> {
            allowed[0] = last == null || now - last >= intervalMillis;
            return allowed[0] ? now : last;
        });
        if (lastRelayed.size() > PRUNE_ABOVE) {
            lastRelayed.values().removeIf(last -> now - last >= intervalMillis);
        }
        return allowed[0];
    }

    private record Key(String userId, Long roomId) {
    }
}
