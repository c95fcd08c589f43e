package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsAFrameWithNestedObjectsAndArrays() {
        Map<String, Object> frame = Json.parseObject("""
                {"type":"MESSAGE","roomId":42,"seq":18,"body":"hi \\"you\\"\\n","deleted":false,"editedAt":null,
                 "attributes":{"card":{"title":"T","tags":["a","b"]},"n":1.5},
                 "reactions":[{"emoji":"\\ud83d\\udc4d","count":3,"me":true}]}""");

        assertThat(frame).containsEntry("type", "MESSAGE").containsEntry("roomId", 42L).containsEntry("seq", 18L)
                .containsEntry("body", "hi \"you\"\n").containsEntry("deleted", false).containsEntry("editedAt", null);
        assertThat(frame.keySet()).containsExactly("type", "roomId", "seq", "body", "deleted", "editedAt", "attributes",
                "reactions");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) frame.get("attributes");
        assertThat(attributes.get("n")).isEqualTo(new BigDecimal("1.5"));
        assertThat(((Map<?, ?>) attributes.get("card")).get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(((Map<?, ?>) ((List<?>) frame.get("reactions")).get(0)).get("emoji")).isEqualTo("👍");
    }

    @Test
    void numbersKeepTheirValue() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-7")).isEqualTo(-7L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("1e3")).isEqualTo(new BigDecimal("1e3"));
        assertThat(Json.parse("-0.25E-2")).isEqualTo(new BigDecimal("-0.25E-2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{'a':1}", "{a:1}", "01", "-",
            "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "nul", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12g4\"",
            "\"tab\there\"", "{} {}", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "// c\n{}", "[1]]", "{\"a\":}"})
    void refusesWhatIsNotStrictJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.JsonException.class).hasMessageContaining("offset");
    }

    @Test
    void refusesNestingDeeperThanTheLimitButAcceptsItUpToIt() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(Json.JsonException.class).hasMessageContaining("deeper");
    }

    @Test
    void parseObjectRefusesOtherValues() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(Json.JsonException.class);
        assertThatThrownBy(() -> Json.parseObject("\"x\"")).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void parsedValuesAreImmutable() {
        Map<String, Object> map = Json.parseObject("{\"a\":[1]}");
        assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) map.get("a")).add(2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void writesCompactJsonThatReadsBackEqual() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("card", Map.of("title", "Q3 \"plan\"", "done", true));
        attributes.put("list", Arrays.asList(1, 2.5, null, "x"));
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "SEND");
        frame.put("roomId", 42L);
        frame.put("body", "line\nnext\ttab \\ slash / ctrl\u0001 emoji 👍 é");
        frame.put("attributes", attributes);

        String json = Json.write(frame);

        assertThat(json).startsWith("{\"type\":\"SEND\",\"roomId\":42,\"body\":\"line\\nnext\\ttab \\\\ slash / ctrl\\u0001 emoji 👍 é\"");
        assertThat(json).doesNotContain(" :").doesNotContain(", ");
        Map<String, Object> back = Json.parseObject(json);
        assertThat(back.get("body")).isEqualTo(frame.get("body"));
        assertThat(Json.write(back)).isEqualTo(json.replace("2.5", "2.5"));
    }

    @Test
    void writesUnpairedSurrogatesAsEscapesSoTheTextStaysValidUtf8() {
        assertThat(Json.write("a\ud83db")).isEqualTo("\"a\\ud83db\"");
        assertThat(Json.write("\udc4d")).isEqualTo("\"\\udc4d\"");
        assertThat(Json.write("\ud83d\udc4d")).isEqualTo("\"👍\"");
    }

    @Test
    void refusesValuesWithoutAJsonForm() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(Json.JsonException.class);
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(Json.JsonException.class);
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void writesNumbersWithoutLosingIntegralValues() {
        assertThat(Json.write(List.of(1, 2L, 3.0, -0.5, new BigInteger("123456789012345678901234567890"))))
                .isEqualTo("[1,2,3,-0.5,123456789012345678901234567890]");
    }
}
