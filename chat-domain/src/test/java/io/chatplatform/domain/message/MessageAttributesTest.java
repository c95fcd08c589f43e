package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A message's attributes: a JSON object within the limits of length and depth, stored as compact JSON. */
class MessageAttributesTest {

    private final MessageProperties properties = new MessageProperties(4000, 200, 1, 256, Duration.ZERO, 64, 3);

    @Test
    void noAttributesStayNone() {
        assertThat(properties.normalizedAttributes(null)).isNull();
    }

    @Test
    void anObjectIsStoredAsCompactJson() {
        assertThat(properties.normalizedAttributes("{ \"card\" : { \"title\" : \"Lunch\" }, \"n\" : [1, 2] }"))
                .isEqualTo("{\"card\":{\"title\":\"Lunch\"},\"n\":[1,2]}");
    }

    @Test
    void anythingButAnObjectIsRefused() {
        for (String notAnObject : new String[] {"[1,2]", "\"text\"", "42", "null", "{", "{\"a\":1} trailing"}) {
            assertThatThrownBy(() -> properties.normalizedAttributes(notAnObject)).as(notAnObject)
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        assertThat(properties.normalizedAttributes("{\"a\":{\"b\":{\"c\":1}}}")).isNotNull();
        assertThatThrownBy(() -> properties.normalizedAttributes("{\"a\":{\"b\":{\"c\":[1]}}}"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void attributesLongerThanTheLimitAreRefusedAsTooLarge() {
        String longText = "x".repeat(64);
        assertThatThrownBy(() -> properties.normalizedAttributes("{\"t\":\"" + longText + "\"}"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void controlCharactersStayEscapedInTheStoredJson() {
        assertThat(properties.normalizedAttributes("{\"t\":\"a\\u0000b\"}")).isEqualTo("{\"t\":\"a\\u0000b\"}");
    }

    @Test
    void anUnpairedSurrogateCannotBeStored() {
        assertThatThrownBy(() -> properties.normalizedAttributes("{\"t\":\"a\\ud800b\"}"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
