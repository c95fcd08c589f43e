package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A REST body over {@code chat.api.max-body-size} (2 MB by default) is refused with 413 {@code TOO_LARGE}, whether
 * it declares its length or comes in chunks, and the server goes on answering. Before the limit, one request with a
 * few hundred megabytes of member ids ran the node out of heap while Spring built the validation message.
 */
class RequestBodyLimitIT extends ChatServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 2 * 1024 * 1024;

    @Test
    void aBodyThatDeclaresMoreThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String owner = uniqueUser("owner");
        byte[] body = roomWithMembers(LIMIT + 1);
        // Expect: 100-continue, as a client sending a large body should: the answer comes before any of it is sent.
        // (Without it the client may still be sending when Tomcat closes the connection behind the 413, and then read
        // a reset instead of the answer.)
        HttpResponse<String> response = post(tokenFor(owner), HttpRequest.BodyPublishers.ofByteArray(body), true);

        assertTooLarge(response);
        assertTheServerStillCreatesRooms(owner);
    }

    @Test
    void aChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
        String owner = uniqueUser("owner");
        // Past the limit by less than Tomcat swallows after an answer (2 MB), so the connection stays open to read it.
        byte[] body = roomWithMembers(LIMIT + 64 * 1024);
        // An input stream of unknown length: the client sends the body in chunks, with no Content-Length.
        HttpResponse<String> response = post(tokenFor(owner), HttpRequest.BodyPublishers.ofInputStream(
                () -> new SequenceInputStream(new ByteArrayInputStream(body), new ByteArrayInputStream(new byte[0]))),
                false);

        assertTooLarge(response);
        assertTheServerStillCreatesRooms(owner);
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudgedOnItsContent() throws Exception {
        String owner = uniqueUser("owner");
        byte[] body = roomWithMembers(LIMIT - 1024);

        HttpResponse<String> response = post(tokenFor(owner), HttpRequest.BodyPublishers.ofByteArray(body), false);

        assertThat(response.statusCode()).as("read, then refused by the member id rules, not by size").isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("BAD_REQUEST");
    }

    /** A room creation whose one member id is long enough to make the body {@code size} bytes. */
    private static byte[] roomWithMembers(int size) {
        String head = "{\"name\":\"big\",\"type\":\"GROUP\",\"members\":[\"";
        String tail = "\"]}";
        String filler = "x".repeat(size - head.length() - tail.length());
        byte[] body = (head + filler + tail).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(size);
        return body;
    }

    private HttpResponse<String> post(String token, HttpRequest.BodyPublisher body, boolean expectContinue)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rooms"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .expectContinue(expectContinue).timeout(Duration.ofSeconds(30)).POST(body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("TOO_LARGE");
        assertThat(problem.path("detail").asString()).isEqualTo("request body is larger than " + LIMIT + " bytes");
    }

    private void assertTheServerStillCreatesRooms(String owner) {
        assertThat(rest.post("/api/rooms", tokenFor(owner),
                Map.of("name", "small", "type", "GROUP", "members", List.of(uniqueUser("bob")))).status())
                .isEqualTo(201);
    }
}
