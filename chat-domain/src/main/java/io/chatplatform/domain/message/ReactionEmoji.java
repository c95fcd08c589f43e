package io.chatplatform.domain.message;

import io.chatplatform.domain.common.DomainException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What a reaction may name: exactly one emoji, as one extended grapheme cluster (UAX #29) that has the shape of an
 * emoji in UTS #51:
 * <ul>
 *   <li>an emoji character, optionally followed by U+FE0F (emoji presentation), or by a skin-tone modifier when it is
 *       an emoji modifier base: {@code 👍}, {@code ❤️}, {@code ❤}, {@code 👍🏽};</li>
 *   <li>such elements joined by U+200D (ZWJ): {@code 👨‍👩‍👧‍👦}, {@code 🏳️‍🌈}, {@code 🧑🏻‍❤️‍💋‍🧑🏼};</li>
 *   <li>a keycap, {@code [0-9#*]} U+FE0F? U+20E3: {@code #️⃣};</li>
 *   <li>a flag, two regional indicators: {@code 🇩🇪}; or a tag sequence, U+1F3F4 tags U+E007F: the flag of
 *       Scotland.</li>
 * </ul>
 * At most {@link #MAX_LENGTH} UTF-16 code units (the longest emoji of Unicode 16 takes 15). The emoji is kept and
 * compared exactly as sent: {@code ❤} and {@code ❤️} are two different reactions, so clients should send the
 * fully-qualified form (Unicode's {@code emoji-test.txt}).
 *
 * <p>Why not {@code Character.isEmoji} or {@code BreakIterator}: the first exists from Java 21 only, and Java 17's
 * character {@code BreakIterator} predates the emoji rules of UAX #29 (it cuts {@code 👨‍👩‍👧‍👦} into seven pieces and a
 * flag into two; JDK-8291660, fixed in Java 20). The regular expression {@code \X} does follow them on Java 17 and
 * checks the single cluster; the emoji characters come from the table below, generated from the Unicode 16.0
 * {@code Emoji} property ({@code Character.isEmoji} of Java 25), so emoji newer than Unicode 16 are refused until the
 * table is renewed.
 */
public final class ReactionEmoji {

    /** The longest emoji accepted, in UTF-16 code units. */
    public static final int MAX_LENGTH = 32;

    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");
    private static final int ZWJ = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;
    private static final int KEYCAP = 0x20E3;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    /**
     * Code points with the Unicode 16.0 {@code Emoji} property, as inclusive ranges, without those that are emoji
     * only within a sequence: the keycap bases {@code 0-9 # *}, the regional indicators and the skin-tone modifiers.
     */
    private static final int[] EMOJI = {
            0xA9, 0xA9, 0xAE, 0xAE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139, 0x2194, 0x2199,
            0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x23CF, 0x23CF, 0x23E9, 0x23F3, 0x23F8, 0x23FA,
            0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0, 0x25FB, 0x25FE, 0x2600, 0x2604,
            0x260E, 0x260E, 0x2611, 0x2611, 0x2614, 0x2615, 0x2618, 0x2618, 0x261D, 0x261D, 0x2620, 0x2620,
            0x2622, 0x2623, 0x2626, 0x2626, 0x262A, 0x262A, 0x262E, 0x262F, 0x2638, 0x263A, 0x2640, 0x2640,
            0x2642, 0x2642, 0x2648, 0x2653, 0x265F, 0x2660, 0x2663, 0x2663, 0x2665, 0x2666, 0x2668, 0x2668,
            0x267B, 0x267B, 0x267E, 0x267F, 0x2692, 0x2697, 0x2699, 0x2699, 0x269B, 0x269C, 0x26A0, 0x26A1,
            0x26A7, 0x26A7, 0x26AA, 0x26AB, 0x26B0, 0x26B1, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26C8, 0x26C8,
            0x26CE, 0x26CF, 0x26D1, 0x26D1, 0x26D3, 0x26D4, 0x26E9, 0x26EA, 0x26F0, 0x26F5, 0x26F7, 0x26FA,
            0x26FD, 0x26FD, 0x2702, 0x2702, 0x2705, 0x2705, 0x2708, 0x270D, 0x270F, 0x270F, 0x2712, 0x2712,
            0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733, 0x2734,
            0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757,
            0x2763, 0x2764, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
            0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D,
            0x3297, 0x3297, 0x3299, 0x3299, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F170, 0x1F171, 0x1F17E, 0x1F17F,
            0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F201, 0x1F202, 0x1F21A, 0x1F21A, 0x1F22F, 0x1F22F,
            0x1F232, 0x1F23A, 0x1F250, 0x1F251, 0x1F300, 0x1F321, 0x1F324, 0x1F393, 0x1F396, 0x1F397,
            0x1F399, 0x1F39B, 0x1F39E, 0x1F3F0, 0x1F3F3, 0x1F3F5, 0x1F3F7, 0x1F3FA, 0x1F400, 0x1F4FD,
            0x1F4FF, 0x1F53D, 0x1F549, 0x1F54E, 0x1F550, 0x1F567, 0x1F56F, 0x1F570, 0x1F573, 0x1F57A,
            0x1F587, 0x1F587, 0x1F58A, 0x1F58D, 0x1F590, 0x1F590, 0x1F595, 0x1F596, 0x1F5A4, 0x1F5A5,
            0x1F5A8, 0x1F5A8, 0x1F5B1, 0x1F5B2, 0x1F5BC, 0x1F5BC, 0x1F5C2, 0x1F5C4, 0x1F5D1, 0x1F5D3,
            0x1F5DC, 0x1F5DE, 0x1F5E1, 0x1F5E1, 0x1F5E3, 0x1F5E3, 0x1F5E8, 0x1F5E8, 0x1F5EF, 0x1F5EF,
            0x1F5F3, 0x1F5F3, 0x1F5FA, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CB, 0x1F6D2, 0x1F6D5, 0x1F6D7,
            0x1F6DC, 0x1F6E5, 0x1F6E9, 0x1F6E9, 0x1F6EB, 0x1F6EC, 0x1F6F0, 0x1F6F0, 0x1F6F3, 0x1F6FC,
            0x1F7E0, 0x1F7EB, 0x1F7F0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF,
            0x1FA70, 0x1FA7C, 0x1FA80, 0x1FA89, 0x1FA8F, 0x1FAC6, 0x1FACE, 0x1FADC, 0x1FADF, 0x1FAE9,
            0x1FAF0, 0x1FAF8};

    /** Code points with the Unicode 16.0 {@code Emoji_Modifier_Base} property: those a skin tone may follow. */
    private static final int[] MODIFIER_BASES = {
            0x261D, 0x261D, 0x26F9, 0x26F9, 0x270A, 0x270D, 0x1F385, 0x1F385, 0x1F3C2, 0x1F3C4, 0x1F3C7, 0x1F3C7,
            0x1F3CA, 0x1F3CC, 0x1F442, 0x1F443, 0x1F446, 0x1F450, 0x1F466, 0x1F478, 0x1F47C, 0x1F47C,
            0x1F481, 0x1F483, 0x1F485, 0x1F487, 0x1F48F, 0x1F48F, 0x1F491, 0x1F491, 0x1F4AA, 0x1F4AA,
            0x1F574, 0x1F575, 0x1F57A, 0x1F57A, 0x1F590, 0x1F590, 0x1F595, 0x1F596, 0x1F645, 0x1F647,
            0x1F64B, 0x1F64F, 0x1F6A3, 0x1F6A3, 0x1F6B4, 0x1F6B6, 0x1F6C0, 0x1F6C0, 0x1F6CC, 0x1F6CC,
            0x1F90C, 0x1F90C, 0x1F90F, 0x1F90F, 0x1F918, 0x1F91F, 0x1F926, 0x1F926, 0x1F930, 0x1F939,
            0x1F93C, 0x1F93E, 0x1F977, 0x1F977, 0x1F9B5, 0x1F9B6, 0x1F9B8, 0x1F9B9, 0x1F9BB, 0x1F9BB,
            0x1F9CD, 0x1F9CF, 0x1F9D1, 0x1F9DD, 0x1FAC3, 0x1FAC5, 0x1FAF0, 0x1FAF8};

    private ReactionEmoji() {
    }

    /** Refuses, with {@code BAD_REQUEST}, anything but one emoji of at most {@link #MAX_LENGTH} code units. */
    public static String require(String emoji) {
        if (emoji == null || emoji.isEmpty()) {
            throw DomainException.badRequest("emoji is required");
        }
        if (emoji.length() > MAX_LENGTH) {
            throw DomainException.badRequest("emoji must be one emoji of at most " + MAX_LENGTH + " UTF-16 units");
        }
        if (!isOneEmoji(emoji)) {
            throw DomainException.badRequest("emoji must be exactly one emoji");
        }
        return emoji;
    }

    public static boolean isOneEmoji(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH
                || !ONE_GRAPHEME.matcher(text).matches()) {
            return false;
        }
        int[] points = text.codePoints().toArray();
        int first = points[0];
        if (isRegionalIndicator(first)) {
            return points.length == 2 && isRegionalIndicator(points[1]);
        }
        if (isKeycapBase(first)) {
            return points.length == 3 ? points[1] == EMOJI_PRESENTATION && points[2] == KEYCAP
                    : points.length == 2 && points[1] == KEYCAP;
        }
        if (first == BLACK_FLAG && points.length > 1 && isTag(points[1])) {
            return isTagSequence(points);
        }
        int next = element(points, 0);
        while (next > 0 && next < points.length && points[next] == ZWJ) {
            next = element(points, next + 1);
        }
        return next == points.length;
    }

    /** One emoji with its presentation selector or skin tone, from {@code at}; where it ends, or -1. */
    private static int element(int[] points, int at) {
        if (at >= points.length || !in(EMOJI, points[at])) {
            return -1;
        }
        int next = at + 1;
        if (next < points.length && points[next] == EMOJI_PRESENTATION) {
            return next + 1;
        }
        if (next < points.length && isModifier(points[next])) {
            return in(MODIFIER_BASES, points[at]) ? next + 1 : -1;
        }
        return next;
    }

    /** U+1F3F4, one or more tag characters, U+E007F: the subdivision flags. */
    private static boolean isTagSequence(int[] points) {
        int last = points.length - 1;
        if (last < 2 || points[last] != CANCEL_TAG) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            if (!isTag(points[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTag(int point) {
        return point >= 0xE0020 && point <= 0xE007E;
    }

    private static boolean isRegionalIndicator(int point) {
        return point >= 0x1F1E6 && point <= 0x1F1FF;
    }

    private static boolean isModifier(int point) {
        return point >= 0x1F3FB && point <= 0x1F3FF;
    }

    private static boolean isKeycapBase(int point) {
        return point == '#' || point == '*' || (point >= '0' && point <= '9');
    }

    /** Whether a code point lies in one of the sorted, inclusive ranges {@code [from, to, from, to, …]}. */
    private static boolean in(int[] ranges, int point) {
        int found = Arrays.binarySearch(ranges, point);
        if (found >= 0) {
            return true; // a bound of a range
        }
        int insertion = -found - 1;
        return insertion % 2 == 1; // between a range's start and its end
    }
}
