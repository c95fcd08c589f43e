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
}
