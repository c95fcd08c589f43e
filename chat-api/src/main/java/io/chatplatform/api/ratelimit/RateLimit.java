package io.chatplatform.api.ratelimit;

import java.util.Locale;
import java.util.function.Function;

/** The rate-limited REST calls, each with the kind of key its buckets are counted by. */
public enum RateLimit {

    LOGIN_PER_ADDRESS(RateLimitProperties::loginPerAddress, "login attempts from this address"),
    LOGIN_PER_USERNAME(RateLimitProperties::loginPerUsername, "login attempts for this username"),
    REGISTER_PER_ADDRESS(RateLimitProperties::registerPerAddress, "registrations from this address"),
    ROOM_CREATE_PER_USER(RateLimitProperties::roomCreatePerUser, "rooms created"),
    MEMBER_ADD_PER_USER(RateLimitProperties::memberAddPerUser, "members added"),
    NOTIFICATION_SEND_PER_USER(RateLimitProperties::notificationSendPerUser, "notifications sent");

    private final Function<RateLimitProperties, Rate> setting;
    private final String counted;

    RateLimit(Function<RateLimitProperties, Rate> setting, String counted) {
        this.setting = setting;
        this.counted = counted;
    }

    /** As in the setting's name: {@code login-per-address}. */
    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    Rate rateIn(RateLimitProperties properties) {
        return setting.apply(properties);
    }

    /** What the bucket counts, for the problem detail: "too many login attempts from this address". */
    String counted() {
        return counted;
    }
}
