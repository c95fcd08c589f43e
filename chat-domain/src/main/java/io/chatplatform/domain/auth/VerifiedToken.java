package io.chatplatform.domain.auth;

import io.chatplatform.domain.user.Actor;
import java.time.Instant;

/**
 * What a valid token says: who, in which role, until when. {@code name} is the optional display name claim;
 * {@code issuedAt} the optional {@code iat}.
 */
public record VerifiedToken(Actor actor, String name, Instant expiresAt, Instant issuedAt) {
}
