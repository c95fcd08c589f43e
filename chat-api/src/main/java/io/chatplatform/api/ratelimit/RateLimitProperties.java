package io.chatplatform.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.api.rate-limits.*}: how often the REST calls that cost the server most (a BCrypt round, a new row
 * that every member's client fetches, a fan-out) may be made. Each is a {@link Rate}, {@code capacity/period}:
 * that many calls at once, refilled gradually over the period. Calls without a user are counted per client address
 * ({@code request.getRemoteAddr()}, which Tomcat takes from {@code X-Forwarded-For} only behind a trusted proxy);
 * authenticated calls per user, so users behind one NAT do not share a budget.
 *
 * @param enabled                 {@code false} lifts every limit (benchmarks); a refused call answers 429
 *                                {@code RATE_LIMITED} with {@code Retry-After}
 * @param loginPerAddress         login attempts from one client address
 * @param loginPerUsername        login attempts naming one username, from anywhere: slows password guessing against
 *                                one account from many addresses
 * @param registerPerAddress      registrations from one client address
 * @param roomCreatePerUser       rooms one user creates ({@code POST /api/rooms} and new direct rooms together)
 * @param memberAddPerUser        members one user adds to rooms
 * @param notificationSendPerUser notification sends and announcements of one ADMIN
 */
@ConfigurationProperties("chat.api.rate-limits")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10/1m") Rate loginPerAddress,
        @DefaultValue("5/1m") Rate loginPerUsername,
        @DefaultValue("5/1h") Rate registerPerAddress,
        @DefaultValue("30/1h") Rate roomCreatePerUser,
        @DefaultValue("120/1m") Rate memberAddPerUser,
        @DefaultValue("60/1m") Rate notificationSendPerUser) {
}
