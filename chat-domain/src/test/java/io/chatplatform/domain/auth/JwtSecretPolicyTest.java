package io.chatplatform.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class JwtSecretPolicyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    @RepeatedTest(20)
    void secretsFromOpensslRandPassWithRoomToSpare() {
        String base64 = Base64.getEncoder().encodeToString(random(48)); // openssl rand -base64 48
        String hex = HexFormat.of().formatHex(random(32));                // openssl rand -hex 32

        assertThat(JwtSecretPolicy.estimatedBits(base64)).isGreaterThan(250);
        assertThat(JwtSecretPolicy.estimatedBits(hex)).isGreaterThan(180);
        assertThat(JwtSecretPolicy.weakness(base64)).isEmpty();
        assertThat(JwtSecretPolicy.weakness(hex)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "abababababababababababababababababababababab",
            "secretsecretsecretsecretsecretsecretsecret",
            "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            "qwertyuiopasdfghjklzxcvbnm",
            "24681012141618202224262830323436"})
    void repeatsRunsAndFewCharactersAreWeak(String weak) {
        assertThat(JwtSecretPolicy.estimatedBits(weak)).isLessThan(JwtSecretPolicy.MIN_BITS);
        assertThat(JwtSecretPolicy.weakness(weak)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("estimated entropy"));
    }

    @Test
    void repetitionAddsNothingToTheEstimate() {
        String unit = Base64.getEncoder().encodeToString(random(12));

        assertThat(JwtSecretPolicy.estimatedBits(unit.repeat(5))).isEqualTo(JwtSecretPolicy.estimatedBits(unit));
    }

    /**
     * Random units end with their first character one time in 64 (base64), which once made the repeated unit and the
     * unit disagree: "ends as it begins" was taken for a period of the unit alone.
     */
    @Test
    void aUnitThatEndsAsItBeginsIsStillOneUnit() {
        String unit = "Q3xvT9kLmPz2Rw8Q";

        assertThat(JwtSecretPolicy.estimatedBits(unit.repeat(5))).isEqualTo(JwtSecretPolicy.estimatedBits(unit));
    }

    @Test
    void publishedSecretsAreNamedAsSuchEvenWithSurroundingSpace() {
        assertThat(JwtSecretPolicy.weakness(" insecure-local-trial-secret-change-me-0123456789\n"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("published"));
    }
}
