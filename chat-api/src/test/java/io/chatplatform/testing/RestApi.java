package io.chatplatform.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the REST API, as any client would use it. */
public final class RestApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    /** Sent as {@code X-Forwarded-For}, as a proxy in front of the server would; null sends none. */
    private final String clientAddress;

    public RestApi(int port) {
        this("http://localhost:" + port, null);
    }

    private RestApi(String baseUrl, String clientAddress) {
        this.baseUrl = baseUrl;
        this.clientAddress = clientAddress;
    }

    /**
     * The same API called on behalf of a client at {@code address}, as seen through a trusted proxy: the server
     * takes it as the caller's address only when it trusts this one (server.forward-headers-strategy=native).
     */
    public RestApi from(String address) {
        return new RestApi(baseUrl, address);
    }

    public Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return call("POST", path, token, body);
    }

    public Response patch(String path, String token, Object body) {
        return call("PATCH", path, token, body);
    }

    public Response delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** Sends raw text as the JSON body, for malformed-input tests. */
    public Response postRaw(String path, String token, String rawBody) {
        return send("POST", path, token, rawBody, "application/json");
    }

    /** Sends raw text with another content type. */
    public Response postAs(String path, String token, String contentType, String rawBody) {
        return send("POST", path, token, rawBody, contentType);
    }

    public Response call(String method, String path, String token, Object body) {
        return send(method, path, token, body == null ? null : JSON.writeValueAsString(body), "application/json");
    }

    private Response send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, content type, body (parsed on demand) and headers. */
    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

        public java.util.Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }

        /** The stable {@code code} of a problem+json error body. */
        public String problemCode() {
            return json().path("code").asString();
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }
}
