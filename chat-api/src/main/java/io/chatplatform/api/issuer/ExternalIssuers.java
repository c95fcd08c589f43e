package io.chatplatform.api.issuer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.chatplatform.domain.auth.ExternalTokenVerifier;
import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.VerifiedToken;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends each asymmetrically signed token to the issuer its unverified {@code iss} names; that issuer's decoder then
 * checks everything, {@code iss} included, against keys only the issuer holds. HS256 and anything else stays with
 * the shared secret's TokenService. With no issuer configured, every token does, exactly as before issuers existed.
 */
final class ExternalIssuers implements ExternalTokenVerifier {

    private final Map<String, TrustedIssuer> byIssuer;

    ExternalIssuers(List<TrustedIssuer> issuers) {
        this.byIssuer = issuers.stream().collect(Collectors.toUnmodifiableMap(TrustedIssuer::issuer, Function.identity()));
    }

    @Override
    public Optional<VerifiedToken> verify(String token) {
        if (byIssuer.isEmpty() || token == null) {
            return Optional.empty();
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (!(jwt instanceof SignedJWT) || !JWSAlgorithm.Family.SIGNATURE.contains(jwt.getHeader().getAlgorithm())) {
            return Optional.empty();
        }
        String issuer;
        try {
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidTokenException("invalid token");
        }
        TrustedIssuer trusted = issuer == null ? null : byIssuer.get(issuer);
        if (trusted == null) {
            throw new InvalidTokenException("token issuer is not trusted");
        }
        return Optional.of(trusted.verify(token));
    }
}
