package io.chatplatform.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondClockTest {

    private final Clock fixed = Clock.fixed(Instant.parse("2026-11-30T05:50:12.123456789Z"), ZoneOffset.UTC);

    @Test
    void instantsAreTruncatedToMicroseconds() {
        assertThat(new MicrosecondClock(fixed).instant()).isEqualTo(Instant.parse("2026-11-30T05:50:12.123456Z"));
    }

    @Test
    void millisWorkUnlikeAMicrosecondTickClock() {
        assertThat(new MicrosecondClock(fixed).millis()).isEqualTo(fixed.millis());
    }

    @Test
    void aZoneChangeKeepsTheTruncation() {
        Clock zoned = new MicrosecondClock(fixed).withZone(ZoneOffset.ofHours(9));
        assertThat(zoned.getZone()).isEqualTo(ZoneOffset.ofHours(9));
        assertThat(zoned.instant().getNano() % 1_000).isZero();
    }
}
