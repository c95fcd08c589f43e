package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * REST bodies are typed as strictly as frames (docs/protocol.md §1, "Types are strict"): a number where text is
 * expected, text where a number is, a fraction where an integer is, are refused with 400 naming the field, instead
 * of being converted and stored (a threshold of 1.7 stored as 1, a member id sent as 42 stored as "42").
 */
class StrictRestTypesIT extends ChatServerTest {

    static Stream<Arguments> wronglyTyped() {
        return Stream.of(
                Arguments.of("room name as a number", "/api/rooms", false,
                        "{\"name\":5,\"type\":\"GROUP\",\"members\":[]}", "name"),
                Arguments.of("room name as a boolean", "/api/rooms", false,
                        "{\"name\":true,\"type\":\"GROUP\",\"members\":[]}", "name"),
                Arguments.of("member ids as numbers", "/api/rooms", false,
                        "{\"name\":\"r\",\"type\":\"GROUP\",\"members\":[1,2]}", "members"),
                Arguments.of("zone threshold as a fraction", "/api/crowd/zones", true,
                        zone("1.7", "51.5"), "threshold"),
                Arguments.of("zone threshold as text", "/api/crowd/zones", true,
                        zone("\"5\"", "51.5"), "threshold"),
                Arguments.of("zone latitude as text", "/api/crowd/zones", true,
                        zone("5", "\"51.5\""), "lat"),
                Arguments.of("notification kind as a number", "/api/notifications", true,
                        "{\"userIds\":[\"x\"],\"kind\":5,\"payload\":{}}", "kind"),
                Arguments.of("notification recipients as numbers", "/api/notifications", true,
                        "{\"userIds\":[7],\"kind\":\"K\",\"payload\":{}}", "userIds"),
                Arguments.of("username as a number", "/api/auth/register", false,
                        "{\"username\":12345,\"password\":\"secret-password\"}", "username"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wronglyTyped")
    void aValueOfTheWrongJsonTypeIsRefusedNamingItsField(String what, String path, boolean admin, String body,
            String field) {
        String caller = uniqueUser("caller");
        String token = admin ? adminTokenFor(caller) : tokenFor(caller);

        Response response = rest.postRaw(path, path.startsWith("/api/auth") ? null : token, body);

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.problemCode()).isEqualTo("BAD_REQUEST");
        assertThat(response.json().path("detail").asString()).as(what).contains(field);
    }

    private static String zone(String threshold, String lat) {
        return "{\"name\":\"gate\",\"lat\":" + lat + ",\"lng\":-0.12,\"radiusMeters\":50,\"threshold\":" + threshold
                + "}";
    }
}
