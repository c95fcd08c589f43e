package io.chatplatform.domain.auth;

import java.time.Instant;

/** A freshly minted access token and the moment it stops being accepted. */
public record IssuedToken(String accessToken, Instant expiresAt) {
}
