package io.chatplatform.ws.protocol;

import io.chatplatform.ws.session.HandlerHarness;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generators of what a hostile or buggy client may put in a text frame: any string, any JSON text (numbers too
 * large for a long or a double included), frame-shaped objects with known and unknown types and fields of every
 * JSON type, and valid frames with a few characters broken.
 */
public final class FrameArbitraries {

    /** Every field name some endpoint reads, so that generated frames reach the field checks. */
    static final List<String> FIELDS = List.of("type", "roomId", "clientMsgId", "body", "afterSeq", "limit", "seq",
            "messageId", "token", "device", "id", "lat", "lng", "emoji");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NUMBER_LITERALS = List.of("0", "-0", "1", "-1", "42", "1.5", "-2.25", "1e3",
            "1E-7", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "2147483648", "0.0000000000000000000000001",
            "3.141592653589793238462643383279", "90", "-180", "1000000");

    private FrameArbitraries() {
    }

    /** Any text: printable, control characters, NUL, lone surrogates, emoji, right-to-left. */
    public static Arbitrary<String> anyText() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> tricky = Arbitraries.of("\u0000", "\ud800", "\udfff", "\ud83d\ude00", "\u202e", "שלום",
                "مرحبا", "<script>alert(1)</script>", "'; DROP TABLE messages; --", "\\", "\"", "{", "}", "[", "]",
                ",", ":", " ", "\n", "null", "true", "1e400").list().ofMaxSize(12).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(any, tricky);
    }

    /** Any JSON text, nested a few levels deep. */
    public static Arbitrary<String> json() {
        return Arbitraries.lazyOf(FrameArbitraries::leaf, FrameArbitraries::leaf, FrameArbitraries::leaf,
                FrameArbitraries::array, FrameArbitraries::object);
    }

    /**
     * JSON objects shaped like frames: a type (usually one of {@code types}) and a few of the known fields, each
     * usually of the type some endpoint expects for it and otherwise of any JSON type.
     */
    public static Arbitrary<String> frames(List<String> types) {
        Arbitrary<String> type = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(types).map(FrameArbitraries::quote)),
                Tuple.of(1, anyText().map(FrameArbitraries::quote)),
                Tuple.of(1, json()));
        Arbitrary<List<String>> fields = Arbitraries.subsetOf(FIELDS.subList(1, FIELDS.size()))
                .flatMap(names -> Combinators.combine(names.stream().map(FrameArbitraries::field).toList())
                        .as(list -> list));
        return Combinators.combine(type, fields)
                .as((t, f) -> "{\"type\":" + t + (f.isEmpty() ? "" : "," + String.join(",", f)) + "}");
    }

    private static Arbitrary<String> field(String name) {
        Arbitrary<String> wellTyped = switch (name) {
            case "clientMsgId", "body", "device" -> Arbitraries.oneOf(Arbitraries.of("c-1", "hello", "web"),
                    anyText()).map(FrameArbitraries::quote);
            case "token" -> Arbitraries.of(HandlerHarness.validToken("fuzzer"), HandlerHarness.validToken("intruder"),
                    "", "not-a-token").map(FrameArbitraries::quote);
            case "emoji" -> Arbitraries.oneOf(Arbitraries.of("\ud83d\udc4d", "\u2764\ufe0f", "\ud83c\udde9\ud83c\uddea",
                    "#\ufe0f\u20e3", "a", ""), anyText()).map(FrameArbitraries::quote);
            case "lat", "lng" -> Arbitraries.doubles().between(-200, 200).map(String::valueOf);
            default -> Arbitraries.longs().between(-2, 5).map(String::valueOf);
        };
        return Arbitraries.frequencyOf(Tuple.of(3, wellTyped), Tuple.of(1, fieldValue()))
                .map(value -> quote(name) + ":" + value);
    }

    /** Valid frames with one to three characters deleted, inserted or replaced, or cut short. */
    public static Arbitrary<String> mutated(List<String> validFrames) {
        Arbitrary<String> valid = Arbitraries.of(validFrames);
        return valid.flatMap(frame -> mutation(frame).list().ofMinSize(1).ofMaxSize(3)
                .map(steps -> {
                    String result = frame;
                    for (Mutation step : steps) {
                        result = step.apply(result);
                    }
                    return result;
                }));
    }

    private static Arbitrary<Mutation> mutation(String frame) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, Math.max(0, frame.length() - 1));
        Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\',
                '0', '9', '-', 'e', '.', ' ', '\u0000', '\ud800'), Arbitraries.chars());
        return Arbitraries.oneOf(
                at.map(i -> text -> i < text.length() ? text.substring(0, i) + text.substring(i + 1) : text),
                Combinators.combine(at, character).as((i, c) -> text -> insert(text, i, String.valueOf(c))),
                Combinators.combine(at, character).as((i, c) -> text -> i < text.length()
                        ? text.substring(0, i) + c + text.substring(i + 1) : text),
                at.map(i -> text -> text.substring(0, Math.min(i, text.length()))),
                Combinators.combine(at, Arbitraries.of(NUMBER_LITERALS)).as((i, n) -> text -> insert(text, i, n)));
    }

    private static String insert(String text, int at, String piece) {
        int i = Math.min(at, text.length());
        return text.substring(0, i) + piece + text.substring(i);
    }

    private static Arbitrary<String> fieldValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-3, 5).map(String::valueOf)),
                Tuple.of(3, anyText().map(FrameArbitraries::quote)),
                Tuple.of(2, Arbitraries.of(NUMBER_LITERALS)),
                Tuple.of(2, json()));
    }

    private static Arbitrary<String> leaf() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "false"), Arbitraries.of(NUMBER_LITERALS),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf)
                        .filter(d -> !d.contains("Infinity") && !d.contains("NaN")),
                anyText().map(FrameArbitraries::quote));
    }

    private static Arbitrary<String> array() {
        return json().list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    }

    private static Arbitrary<String> object() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FIELDS), anyText());
        return Combinators.combine(key, json()).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(",", members) + "}");
    }

    /** A JSON string literal holding {@code text} exactly (lone surrogates included, written as they are). */
    static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    @FunctionalInterface
    private interface Mutation {
        String apply(String text);
    }
}
