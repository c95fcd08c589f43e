package io.chatplatform.domain.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a configured JWT secret is fit to sign tokens. Whoever knows the secret can mint a token for any user,
 * ADMIN included, so two kinds are refused in production: secrets published in this project (its repository,
 * its documentation, its test and benchmark settings: {@value #PUBLISHED} lists them all, and a test keeps that
 * list complete), and secrets whose estimated entropy is below {@value #MIN_BITS} bits.
 *
 * <p>The estimate: the secret is reduced to its shortest repeating unit ({@code abcabcabc} to {@code abc}, one
 * repeated character to that character), since repeats add nothing an attacker must guess. Within the unit, a
 * character that continues the step of the two before it ({@code aaa}, {@code abc}, {@code 987}, {@code 246}) is
 * predictable and counts nothing. Each remaining character counts the Shannon entropy per character of the unit's
 * own character distribution. Random secrets lose almost nothing to this ({@code openssl rand -base64 48} scores
 * about 330 bits, {@code openssl rand -hex 32} about 230); keyboard runs, counters and repeated words fall far
 * below. Like any estimate from the string alone it cannot see that a phrase of dictionary words is guessable: it
 * is a floor against mistakes, not proof of strength.
 */
final class JwtSecretPolicy {

    static final int MIN_BITS = 128;
    static final String PUBLISHED = "published-secrets.txt";
    static final String HOW_TO_FIX = "Generate a secret with `openssl rand -base64 48` and set it as CHAT_JWT_SECRET "
            + "(the same value on every node and every issuer).";

    private static final Set<String> PUBLISHED_SECRETS = load();

    private JwtSecretPolicy() {
    }

    /** Why {@code secret} must not sign tokens, or empty when it may. */
    static Optional<String> weakness(String secret) {
        String candidate = secret.strip();
        if (PUBLISHED_SECRETS.contains(candidate)) {
            return Optional.of("CHAT_JWT_SECRET is a value published in this project's repository or documentation: "
                    + "anyone can mint tokens with it, ADMIN tokens included.");
        }
        double bits = estimatedBits(candidate);
        if (bits < MIN_BITS) {
            return Optional.of(String.format(Locale.ROOT, "CHAT_JWT_SECRET is too easy to guess: its "
                    + "estimated entropy is %.0f bits, below the %d required (repeats, runs such as 'abc' or '123', "
                    + "and few distinct characters lower it).", bits, MIN_BITS));
        }
        return Optional.empty();
    }

    static boolean isPublished(String secret) {
        return PUBLISHED_SECRETS.contains(secret.strip());
    }

    /** The estimate described on the class: Shannon bits per character times the unpredictable characters. */
    static double estimatedBits(String secret) {
        int[] codePoints = secret.codePoints().toArray();
        int unit = shortestPeriod(codePoints);
        Map<Integer, Integer> counts = new HashMap<>();
        int unpredictable = 0;
        for (int i = 0; i < unit; i++) {
            counts.merge(codePoints[i], 1, Integer::sum);
            boolean continuesStep = i >= 2
                    && codePoints[i] - codePoints[i - 1] == codePoints[i - 1] - codePoints[i - 2];
            if (!continuesStep) {
                unpredictable++;
            }
        }
        double bitsPerCharacter = 0;
        for (int count : counts.values()) {
            double p = (double) count / unit;
            bitsPerCharacter -= p * (Math.log(p) / Math.log(2));
        }
        return bitsPerCharacter * unpredictable;
    }

    /**
     * The length of the shortest prefix whose whole repetitions spell the whole text (KMP failure function). A text
     * that merely ends the way it begins ("abca") is not a repetition: its own length is its period.
     */
    private static int shortestPeriod(int[] text) {
        if (text.length == 0) {
            return 0;
        }
        int[] border = new int[text.length];
        for (int i = 1, k = 0; i < text.length; i++) {
            while (k > 0 && text[i] != text[k]) {
                k = border[k - 1];
            }
            if (text[i] == text[k]) {
                k++;
            }
            border[i] = k;
        }
        int period = text.length - border[text.length - 1];
        return text.length % period == 0 ? period : text.length;
    }

    private static Set<String> load() {
        try (InputStream in = JwtSecretPolicy.class.getResourceAsStream(PUBLISHED)) {
            if (in == null) {
                throw new IllegalStateException(PUBLISHED + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
