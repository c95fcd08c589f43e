package io.chatplatform.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/** Rates as written in settings ({@code 10/1m}), the defaults, and the rounding of {@code Retry-After}. */
class RateTest {

    @Test
    void parsesCapacitySlashPeriodAndPrintsItBackTheSameWay() {
        Rate rate = Rate.valueOf("10/1m");

        assertThat(rate).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(rate).hasToString("10/1m");
        assertThat(Rate.valueOf(" 5 / 1h ")).isEqualTo(new Rate(5, Duration.ofHours(1)));
        assertThat(Rate.valueOf("30/PT30S").period()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesRatesThatCouldNeverAdmitACall() {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf("10"));
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf("0/1m"));
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf("10/0s"));
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf("ten/1m"));
    }

    @Test
    void settingsBindFromTextAndFallBackToTheDocumentedDefaults() {
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(Map.of(
                "chat.api.rate-limits.login-per-address", "3/30s",
                "chat.api.rate-limits.enabled", "false"))), null, ApplicationConversionService.getSharedInstance());

        RateLimitProperties properties = binder.bindOrCreate("chat.api.rate-limits", RateLimitProperties.class);

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.loginPerAddress()).isEqualTo(new Rate(3, Duration.ofSeconds(30)));
        assertThat(properties.loginPerUsername()).hasToString("5/1m");
        assertThat(properties.registerPerAddress()).hasToString("5/1h");
        assertThat(properties.roomCreatePerUser()).hasToString("30/1h");
        assertThat(properties.memberAddPerUser()).hasToString("120/1m");
        assertThat(properties.notificationSendPerUser()).hasToString("60/1m");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(RateLimitExceeded.seconds(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(RateLimitExceeded.seconds(Duration.ZERO)).isEqualTo(1);
        assertThat(RateLimitExceeded.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(RateLimitExceeded.seconds(Duration.ofSeconds(12))).isEqualTo(12);
    }
}
