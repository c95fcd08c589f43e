package io.chatplatform.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.common.ErrorCode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IncomingFrameTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void requiredDoubleAcceptsAnyJsonNumber() {
        IncomingFrame frame = frame("{\"a\":-90,\"b\":12.5,\"c\":1e-3,\"d\":123456789012345678901234567890}");

        assertThat(frame.requiredDouble("a")).isEqualTo(-90.0);
        assertThat(frame.requiredDouble("b")).isEqualTo(12.5);
        assertThat(frame.requiredDouble("c")).isEqualTo(0.001);
        assertThat(frame.requiredDouble("d")).isEqualTo(1.2345678901234568e29);
    }

    @Test
    void requiredDoubleRefusesWhatIsNoFiniteNumberNamingTheField() {
        String huge = "1" + "0".repeat(400); // an integer, not a float: Jackson reads it as a BigInteger
        IncomingFrame frame = frame("{\"s\":\"1\",\"b\":true,\"n\":null,\"o\":{},\"big\":1e999,\"neg\":-1e999,"
                + "\"huge\":" + huge + ",\"minus\":-" + huge + "}");

        assertRefused(frame, "s", "s must be a number");
        assertRefused(frame, "b", "b must be a number");
        assertRefused(frame, "o", "o must be a number");
        assertRefused(frame, "n", "n is required");
        assertRefused(frame, "missing", "missing is required");
        assertRefused(frame, "big", "big is out of range");
        assertRefused(frame, "neg", "neg is out of range");
        assertRefused(frame, "huge", "huge is out of range");
        assertRefused(frame, "minus", "minus is out of range");
    }

    @Test
    void objectTextKeepsFiniteNumbersAndRefusesOnesTooLargeForADouble() {
        IncomingFrame frame = frame("{\"ok\":{\"n\":[1,2.5,-1e300]},\"deep\":{\"a\":[{\"b\":1e400}]},"
                + "\"neg\":{\"x\":-1e999}}");

        assertThat(frame.optionalObjectText("ok")).isEqualTo("{\"n\":[1,2.5,-1.0E300]}");
        for (String field : new String[] {"deep", "neg"}) {
            // Read as infinity, such a number would be stored and returned as the text "Infinity".
            assertThatThrownBy(() -> frame.optionalObjectText(field)).isInstanceOf(FrameException.class)
                    .hasMessage(field + " holds a number too large for a double");
        }
    }

    private static void assertRefused(IncomingFrame frame, String field, String message) {
        assertThatThrownBy(() -> frame.requiredDouble(field)).isInstanceOf(FrameException.class)
                .hasMessage(message)
                .satisfies(e -> {
                    assertThat(((FrameException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(((FrameException) e).ref()).isEqualTo("LOCATION");
                });
    }

    private static IncomingFrame frame(String json) {
        return new IncomingFrame("LOCATION", JSON.readTree(json));
    }
}
