package io.chatplatform.domain.common;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A clock whose instants are truncated to microseconds, the precision both H2 and PostgreSQL store, so a timestamp
 * reads back exactly as it was first sent to clients. Unlike {@code Clock.tick(base, 1 µs)}, whose {@code millis()}
 * divides by zero on JDK 17 (the tick in whole milliseconds is 0), every method works.
 */
public final class MicrosecondClock extends Clock {

    private final Clock base;

    public MicrosecondClock(Clock base) {
        this.base = base;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MicrosecondClock(base.withZone(zone));
    }

    @Override
    public Instant instant() {
        return base.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return base.millis();
    }
}
