package io.chatplatform.api.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.auth.InvalidTokenException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tokens go to an external issuer and which stay with the shared secret (nothing here is fetched). */
class ExternalIssuersTest {

    private static final String ISSUER = "https://idp.example";

    private final ExternalIssuers issuers = new ExternalIssuers(List.of(new TrustedIssuer(
            new IssuerProperties.Issuer(ISSUER, URI.create("http://127.0.0.1:9/jwks"), List.of("chat"), null, "ADMIN",
                    "", Duration.ofMinutes(5), Duration.ofSeconds(30)),
            Duration.ZERO, Clock.systemUTC())));

    @Test
    void hs256UnsignedAndMalformedTokensAreLeftToTheSharedSecret() {
        assertThat(issuers.verify(token("HS256", ISSUER))).isEmpty();
        assertThat(issuers.verify(token("none", ISSUER))).isEmpty();
        assertThat(issuers.verify("not-a-jwt")).isEmpty();
        assertThat(issuers.verify("")).isEmpty();
        assertThat(issuers.verify(null)).isEmpty();
    }

    @Test
    void anAsymmetricTokenOfAnUnknownIssuerIsRefused() {
        assertThatThrownBy(() -> issuers.verify(token("RS256", "https://evil.example")))
                .isInstanceOf(InvalidTokenException.class).hasMessage("token issuer is not trusted");
        assertThatThrownBy(() -> issuers.verify(token("ES256", null)))
                .isInstanceOf(InvalidTokenException.class).hasMessage("token issuer is not trusted");
    }

    @Test
    void withoutIssuersEveryTokenIsLeftToTheSharedSecretAsBefore() {
        assertThat(new ExternalIssuers(List.of()).verify(token("RS256", ISSUER))).isEmpty();
    }

    private static String token(String alg, String issuer) {
        String claims = issuer == null ? "{\"sub\":\"x\"}" : "{\"sub\":\"x\",\"iss\":\"" + issuer + "\"}";
        return part("{\"alg\":\"" + alg + "\"}") + "." + part(claims) + "." + (alg.equals("none") ? "" : part("sig"));
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
