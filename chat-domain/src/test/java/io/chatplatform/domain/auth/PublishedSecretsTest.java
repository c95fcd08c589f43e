package io.chatplatform.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code published-secrets.txt} complete: every secret-like value that a tracked file of this repository
 * assigns to a JWT secret (a setting, an environment variable, a test constant, a signing key literal) must be in
 * the list, so the prod profile refuses it. A new example in the docs or a new test secret fails here until it is
 * added to the list. Values shorter than 32 bytes are left out: the server refuses those in any mode.
 */
class PublishedSecretsTest {

    private static final int MIN_SECRET_BYTES = 32;
    /** This file: its own examples below are written to exercise the scanner, not to configure anything. */
    private static final String SELF = "chat-domain/src/test/java/io/chatplatform/domain/auth/PublishedSecretsTest.java";

    /** A key whose name says secret ({@code CHAT_JWT_SECRET}, {@code jwt-secret}, {@code jwtSecret}, {@code SECRET}) and {@code =} or {@code :}. */
    private static final Pattern ASSIGNED = Pattern.compile(
            "[A-Za-z0-9_.-]*(?i:secret)[A-Za-z0-9_.-]*[\"']?[ \\t]*(?:=|:(?![:?-]))[ \\t]*(?!=)");
    /** A literal handed to jjwt as an HMAC key, possibly on the next line. */
    private static final Pattern SIGNING_KEY = Pattern.compile("hmacShaKeyFor\\(\\s*\"([^\"\\n]+)\"");
    /** The benchmark client's option. */
    private static final Pattern OPTION = Pattern.compile("--secret[= ]+([^\\s\"'`]+)");
    /** Kubernetes-style {@code name: CHAT_JWT_SECRET} followed by {@code value: ...}. */
    private static final Pattern NAME_VALUE = Pattern.compile(
            "name:\\s*[\"']?CHAT_JWT_SECRET[\"']?\\s*\\n\\s*value:\\s*[\"']?([^\\s\"']+)");
    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z0-9+/=_.~-]+");

    @Test
    void everySecretAssignedInTheRepositoryIsOnThePublishedList() throws Exception {
        Path root = repositoryRoot();
        assumeTrue(root != null, "not a git checkout: nothing to scan");
        Set<String> unlisted = new TreeSet<>();
        int scanned = 0;
        for (String file : trackedFiles(root)) {
            if (file.equals(SELF)) {
                continue;
            }
            String text = textOf(root.resolve(file));
            if (text == null) {
                continue;
            }
            scanned++;
            for (String value : secretsAssignedIn(text)) {
                if (!JwtSecretPolicy.isPublished(value)) {
                    unlisted.add(file + ": " + value);
                }
            }
        }

        assertThat(scanned).as("tracked text files scanned").isGreaterThan(100);
        assertThat(unlisted).as("secret-like values in tracked files that the prod profile would accept; add each "
                + "to chat-domain/src/main/resources/io/chatplatform/domain/auth/" + JwtSecretPolicy.PUBLISHED
                + " (or do not publish a usable secret)").isEmpty();
    }

    @Test
    void scannerFindsTheFormsSecretsAreWrittenIn() {
        String compose = "    CHAT_JWT_SECRET: ${CHAT_JWT_SECRET:-compose-default-secret-0123456789abcdef}\n";
        String required = "    CHAT_JWT_SECRET: ${CHAT_JWT_SECRET:?set CHAT_JWT_SECRET, e.g. openssl rand -base64 48}\n";
        String shell = "export CHAT_JWT_SECRET=\"${CHAT_JWT_SECRET:-shell-default-secret-0123456789abcdef}\"\n"
                + "export CHAT_JWT_SECRET=$(openssl rand -base64 48)\n"
                + "export CHAT_JWT_SECRET=plain-shell-secret-0123456789abcdefgh\n";
        String yaml = "chat:\n  auth:\n    jwt-secret: yaml-secret-0123456789-abcdefghijklmnop\n"
                + "    jwt-secret: ${CHAT_JWT_SECRET:}\n";
        String properties = "chat.auth.jwt-secret=properties-secret-0123456789abcdefghij\n";
        String java = "static final String TEST_SECRET = \"java-constant-secret-0123456789abcdefgh\";\n"
                + "String secret = properties.jwtSecret();\n"
                + ".signWith(Keys.hmacShaKeyFor(\n        \"signing-literal-secret-0123456789abcdef\".getBytes(UTF_8))\n";
        String bench = "java -jar chat-bench.jar fanout --secret bench-option-secret-0123456789abcdefgh\n";
        String json = "{\"jwtSecret\": \"json-secret-0123456789-abcdefghijklmnopq\"}\n";
        String kubernetes = "- name: CHAT_JWT_SECRET\n  value: k8s-secret-0123456789-abcdefghijklmnopq\n";
        String shortOnes = "secret: too-short\nalice:secret\n";

        assertThat(secretsAssignedIn(compose)).containsExactly("compose-default-secret-0123456789abcdef");
        assertThat(secretsAssignedIn(required)).isEmpty();
        assertThat(secretsAssignedIn(shell)).containsExactly("shell-default-secret-0123456789abcdef",
                "plain-shell-secret-0123456789abcdefgh");
        assertThat(secretsAssignedIn(yaml)).containsExactly("yaml-secret-0123456789-abcdefghijklmnop");
        assertThat(secretsAssignedIn(properties)).containsExactly("properties-secret-0123456789abcdefghij");
        assertThat(secretsAssignedIn(java)).containsExactly("java-constant-secret-0123456789abcdefgh",
                "signing-literal-secret-0123456789abcdef");
        assertThat(secretsAssignedIn(bench)).containsExactly("bench-option-secret-0123456789abcdefgh");
        assertThat(secretsAssignedIn(json)).containsExactly("json-secret-0123456789-abcdefghijklmnopq");
        assertThat(secretsAssignedIn(kubernetes)).containsExactly("k8s-secret-0123456789-abcdefghijklmnopq");
        assertThat(secretsAssignedIn(shortOnes)).isEmpty();
    }

    /** The literal values {@code text} assigns to secrets, in order; references and commands are not values. */
    static List<String> secretsAssignedIn(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher assigned = ASSIGNED.matcher(text);
        while (assigned.find()) {
            String value = valueAt(text, assigned.end());
            if (value != null) {
                found.add(value);
            }
        }
        for (Pattern pattern : List.of(SIGNING_KEY, OPTION, NAME_VALUE)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found.stream().filter(PublishedSecretsTest::looksLikeASecret).toList();
    }

    /** The value written at {@code start}: quoted, unquoted, or the default of a {@code ${VAR:-default}}. */
    private static String valueAt(String text, int start) {
        if (start >= text.length()) {
            return null;
        }
        char first = text.charAt(start);
        if (first == '"' || first == '\'' || first == '`') {
            int end = text.indexOf(first, start + 1);
            int lineEnd = text.indexOf('\n', start);
            if (end < 0 || (lineEnd >= 0 && lineEnd < end)) {
                return null;
            }
            return literal(text.substring(start + 1, end));
        }
        if (text.startsWith("${", start)) {
            int end = text.indexOf('}', start);
            return end < 0 ? null : literal(text.substring(start, end + 1));
        }
        Matcher unquoted = UNQUOTED.matcher(text).region(start, text.length());
        if (!unquoted.lookingAt()) {
            return null;
        }
        int end = unquoted.end();
        boolean call = end < text.length() && text.charAt(end) == '(';
        return call ? null : unquoted.group();
    }

    /** A written value with shell and Spring placeholders resolved to their defaults; null for references. */
    private static String literal(String value) {
        if (value.startsWith("${") && value.endsWith("}")) {
            String inner = value.substring(2, value.length() - 1);
            int colon = inner.indexOf(':');
            int dash = inner.indexOf('-');
            if (colon >= 0 && inner.startsWith(":?", colon)) {
                return null; // the message shown when the variable is missing
            }
            if (colon >= 0 && inner.startsWith(":-", colon)) {
                return literal(inner.substring(colon + 2));
            }
            if (colon >= 0) {
                return literal(inner.substring(colon + 1)); // Spring's ${name:default}
            }
            return dash >= 0 ? literal(inner.substring(dash + 1)) : null;
        }
        return value.startsWith("$") ? null : value;
    }

    private static boolean looksLikeASecret(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES && !value.contains("...")
                && value.chars().noneMatch(Character::isWhitespace);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        return null;
    }

    private static List<String> trackedFiles(Path root) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] listing;
        try (InputStream out = git.getInputStream()) {
            listing = out.readAllBytes();
        }
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).as("git ls-files finished").isTrue();
        assertThat(git.exitValue()).as("git ls-files exit code").isZero();
        List<String> files = new ArrayList<>();
        for (String name : new String(listing, StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty()) {
                files.add(name);
            }
        }
        return files;
    }

    /** The file's text, or null for binaries, big files and files removed from the work tree. */
    private static String textOf(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > 2_000_000) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
