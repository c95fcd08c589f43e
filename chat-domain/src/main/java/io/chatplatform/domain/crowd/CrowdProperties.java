package io.chatplatform.domain.crowd;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.crowd.*}: how positions are kept and when zones alert.
 *
 * @param positionTtl       a position not updated for this long is forgotten (the user leaves every zone)
 * @param hysteresisRatio   an alert clears once the count falls to {@code threshold - max(1, ceil(threshold * ratio))}
 * @param minUpdateInterval the least time between two applied positions of one user; one that comes sooner waits
 *                          until the interval ends, replaced by any later one (the latest wins)
 * @param sweepInterval     how often positions older than {@code positionTtl} are looked for (and, in a cluster,
 *                          alert transitions a node got and did not acknowledge within {@code redeliverAfter})
 * @param redeliverAfter    in a cluster, an alert transition whose node has not acknowledged it (published it) this
 *                          long after getting it is taken by another node's sweep and published by that node: its
 *                          node is taken for dead. Far longer than one publish takes, or alerts come twice
 */
@ConfigurationProperties("chat.crowd")
public record CrowdProperties(
        @DefaultValue("2m") Duration positionTtl,
        @DefaultValue("0.2") double hysteresisRatio,
        @DefaultValue("1s") Duration minUpdateInterval,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("5s") Duration redeliverAfter) {

    public CrowdProperties {
        if (!(hysteresisRatio >= 0 && hysteresisRatio < 1)) {
            throw new IllegalArgumentException("chat.crowd.hysteresis-ratio must be at least 0 and below 1");
        }
        if (positionTtl.isNegative() || positionTtl.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("chat.crowd.position-ttl and sweep-interval must be positive");
        }
        if (redeliverAfter.isNegative() || redeliverAfter.isZero()) {
            throw new IllegalArgumentException("chat.crowd.redeliver-after must be positive");
        }
        if (minUpdateInterval.isNegative()) {
            throw new IllegalArgumentException("chat.crowd.min-update-interval must not be negative");
        }
    }
}
