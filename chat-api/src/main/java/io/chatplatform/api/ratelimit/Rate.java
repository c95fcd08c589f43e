package io.chatplatform.api.ratelimit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * A token bucket's size: at most {@code capacity} calls at once, refilled gradually at {@code capacity} per
 * {@code period}. Written {@code 10/1m} in settings (ten per minute).
 */
public record Rate(long capacity, Duration period) {

    public Rate {
        if (capacity < 1) {
            throw new IllegalArgumentException("a rate's capacity must be at least 1, not " + capacity);
        }
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate's period must be positive, not " + period);
        }
    }

    /** Parses {@code <capacity>/<period>}, e.g. {@code 10/1m} or {@code 5/1h}; Spring calls it to bind settings. */
    public static Rate valueOf(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a rate is written <capacity>/<period>, e.g. 10/1m, not '" + text + "'");
        }
        return new Rate(Long.parseLong(text.substring(0, slash).strip()),
                DurationStyle.detectAndParse(text.substring(slash + 1).strip()));
    }

    /** As written in settings, in the largest unit that fits: {@code 10/1m}, not {@code 10/60000ms}. */
    @Override
    public String toString() {
        ChronoUnit unit = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS).stream()
                .filter(candidate -> period.toNanos() % candidate.getDuration().toNanos() == 0)
                .findFirst().orElse(ChronoUnit.MILLIS);
        return capacity + "/" + DurationStyle.SIMPLE.print(period, unit);
    }
}
