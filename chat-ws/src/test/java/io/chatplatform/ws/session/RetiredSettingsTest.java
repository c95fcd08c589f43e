package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RetiredSettingsTest {

    @Test
    void aRetiredKeyThatIsSetIsNamedWithItsReplacement() {
        MockEnvironment environment = new MockEnvironment().withProperty("chat.ws.send-time-limit", "10s");

        assertThat(RetiredSettings.warnings(environment)).singleElement().asString()
                .contains("chat.ws.send-time-limit").contains("chat.ws.write-stall-timeout");
    }

    @Test
    void nothingIsSaidWhenOnlyCurrentKeysAreSet() {
        MockEnvironment environment = new MockEnvironment().withProperty("chat.ws.write-stall-timeout", "2s");

        assertThat(RetiredSettings.warnings(environment)).isEmpty();
    }
}
