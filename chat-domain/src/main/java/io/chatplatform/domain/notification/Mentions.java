package io.chatplatform.domain.notification;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds {@code @userId} mentions in a message body. A user id here is letters, digits, '.', '_', '-' and ':';
 * a mention starts with an '@' that does not follow such a character (so e-mail addresses are no mentions) and
 * ends at the first other character. Since '.' and ':' also end sentences, "@bob." and "@bob:" mention bob
 * when bob, but not "bob." or "bob:", is among the candidates.
 */
final class Mentions {

    static final int EXCERPT_LENGTH = 140;
    private static final String TRAILING_PUNCTUATION = ".:-_";

    private Mentions() {
    }

    /** The members among {@code candidates} that the body mentions, in order of first mention. */
    static Set<String> resolve(String body, Collection<String> candidates) {
        return resolve(body, candidates, Integer.MAX_VALUE);
    }

    /**
     * The first {@code most} distinct members among {@code candidates} that the body mentions, in order of first
     * mention; the rest of the body is not even scanned.
     */
    static Set<String> resolve(String body, Collection<String> candidates, int most) {
        Set<String> mentioned = new LinkedHashSet<>();
        if (body == null || body.indexOf('@') < 0 || candidates.isEmpty()) {
            return mentioned;
        }
        Set<String> members = candidates instanceof Set<String> set ? set : Set.copyOf(candidates);
        int at = body.indexOf('@');
        while (at >= 0 && mentioned.size() < most) {
            int end = endOfId(body, at + 1);
            if (end > at + 1 && !followsIdChar(body, at)) {
                String match = longestMember(body.substring(at + 1, end), members);
                if (match != null) {
                    mentioned.add(match);
                }
            }
            at = body.indexOf('@', Math.max(end, at + 1));
        }
        return mentioned;
    }

    /** The start of the body, short enough for a notification; never splits a surrogate pair. */
    static String excerpt(String body) {
        if (body == null || body.length() <= EXCERPT_LENGTH) {
            return body;
        }
        int end = Character.isHighSurrogate(body.charAt(EXCERPT_LENGTH - 1)) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
        return body.substring(0, end) + "…";
    }

    private static String longestMember(String token, Set<String> members) {
        String candidate = token;
        while (!candidate.isEmpty()) {
            if (members.contains(candidate)) {
                return candidate;
            }
            char last = candidate.charAt(candidate.length() - 1);
            if (TRAILING_PUNCTUATION.indexOf(last) < 0) {
                return null;
            }
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        return null;
    }

    private static int endOfId(String body, int from) {
        int i = from;
        while (i < body.length()) {
            int codePoint = body.codePointAt(i);
            if (!isIdChar(codePoint)) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        return i;
    }

    private static boolean followsIdChar(String body, int at) {
        return at > 0 && isIdChar(body.codePointBefore(at));
    }

    private static boolean isIdChar(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || codePoint == '.' || codePoint == '_' || codePoint == '-'
                || codePoint == ':';
    }
}
