package io.chatplatform.domain.auth;

import java.util.Optional;

/**
 * Verifies the access tokens of external identity providers (Keycloak, Auth0, Spring Authorization Server...):
 * tokens signed with an issuer's published asymmetric keys rather than the shared HS256 secret of
 * {@link TokenService}. The domain only defines this port; the implementation lives where HTTP clients may (it
 * fetches the issuers' keys).
 */
public interface ExternalTokenVerifier {

    /** The verifier of a server that trusts no external issuer: every token is left to {@link TokenService}. */
    ExternalTokenVerifier NONE = token -> Optional.empty();

    /**
     * The verdict on a token signed with an asymmetric algorithm, or empty for any other token (HS256, unsigned,
     * not a JWT at all), which {@link TokenService} then judges. Chosen by the token's header and its unverified
     * {@code iss}, so it must not be trusted for anything but that choice.
     *
     * @throws InvalidTokenException the token is asymmetrically signed but names no trusted issuer, or its
     *                               signature, expiry, issuer, audience or subject does not hold
     */
    Optional<VerifiedToken> verify(String token);
}
