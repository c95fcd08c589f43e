package io.chatplatform.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a message scenario.
 *
 * @param sendersPerRoom closed loop: how many members of each room send (members 0, 1, ...); open loop: every member
 *                       sends in turn and this is ignored
 * @param window         closed loop: unACKed SENDs each sender keeps in flight
 * @param rate           open loop: total SENDs per second over all rooms, paced on a fixed schedule; 0 = closed loop
 * @param drain          after sending stops, how long to wait for outstanding ACKs and deliveries
 * @param bodySize       characters per message body (the send time plus padding)
 */
public record MessagePlan(String scenario, int rooms, int members, int sendersPerRoom, int window, double rate,
        Duration warmup, Duration duration, Duration drain, int bodySize) {

    public MessagePlan {
        if (rooms < 1 || members < 2) {
            throw new IllegalArgumentException("need at least 1 room of at least 2 members");
        }
        if (rate <= 0 && (sendersPerRoom < 1 || sendersPerRoom > members || window < 1)) {
            throw new IllegalArgumentException("closed loop needs 1..members senders per room and a window >= 1");
        }
        if (bodySize < 24) {
            throw new IllegalArgumentException("--body-size must be at least 24 (it carries the send time)");
        }
    }

    boolean openLoop() {
        return rate > 0;
    }

    Map<String, Object> describe() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rooms", rooms);
        params.put("members", members);
        if (openLoop()) {
            params.put("rate", rate);
            params.put("senders", "every member in turn (open loop)");
        } else {
            params.put("sendersPerRoom", sendersPerRoom);
            params.put("window", window);
        }
        params.put("warmupSeconds", warmup.toMillis() / 1000.0);
        params.put("durationSeconds", duration.toMillis() / 1000.0);
        params.put("drainSeconds", drain.toMillis() / 1000.0);
        params.put("bodySize", bodySize);
        return params;
    }
}
