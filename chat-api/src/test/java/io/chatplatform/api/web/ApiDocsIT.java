package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description is public and describes the REST API. */
class ApiDocsIT extends ChatServerTest {

    @Test
    void openApiDocumentIsServedWithoutATokenAndListsTheRestEndpoints() {
        Response response = rest.get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode paths = response.json().path("paths");
        assertThat(paths.has("/api/rooms")).isTrue();
        assertThat(paths.path("/api/rooms").has("get")).isTrue();
        assertThat(paths.path("/api/rooms").has("post")).isTrue();
        assertThat(paths.has("/api/rooms/{roomId}/messages")).isTrue();
        assertThat(paths.path("/api/rooms/{roomId}/messages/{messageId}/thread").has("get")).isTrue();
        assertThat(paths.has("/api/auth/register")).isTrue();
        assertThat(paths.path("/api/users/me/blocks/{userId}").has("put")).isTrue();
        assertThat(response.json().path("components").path("securitySchemes").has("bearer")).isTrue();
    }

    /** What a client generator reads: no parameter the server takes from the token, the real statuses, Problems. */
    @Test
    void theDescriptionSaysWhatTheServerDoes() {
        JsonNode docs = rest.get("/v3/api-docs", null).json();
        JsonNode paths = docs.path("paths");

        assertThat(paths.has("/error")).as("the container's error page is no call").isFalse();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            assertThat(operation.getValue().path("parameters").valueStream().map(p -> p.path("name").asString()))
                    .as("parameters of %s", name).doesNotContain("caller");
            JsonNode responses = operation.getValue().path("responses");
            assertThat(responses.path("default").path("content").has("application/problem+json"))
                    .as("errors of %s", name).isTrue();
            responses.properties().forEach(response -> assertThat(response.getValue().path("content").has("*/*"))
                    .as("%s answers %s", name, response.getKey()).isFalse());
        }));
        assertThat(paths.path("/api/rooms").path("post").path("responses").has("201")).isTrue();
        assertThat(paths.path("/api/crowd/zones").path("post").path("responses").has("201")).isTrue();
        assertThat(paths.path("/api/rooms/direct").path("post").path("responses").has("200")).isTrue();
        assertThat(paths.path("/api/rooms/direct").path("post").path("responses").has("201")).isTrue();
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("Problem").path("properties").has("code")).isTrue();
        assertThat(schemas.has("ProblemDetail")).isFalse();
        assertThat(schemas.path("MessageFrame").path("properties").path("attributes").path("type").asString())
                .isEqualTo("object");
        assertThat(schemas.path("MessageFrame").path("properties").has("type")).isTrue();
        assertThat(schemas.path("NotificationResponse").path("properties").path("payload").has("type"))
                .as("any JSON value").isFalse();
    }
}
