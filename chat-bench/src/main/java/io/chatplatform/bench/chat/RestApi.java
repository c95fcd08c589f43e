package io.chatplatform.bench.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST calls of the contract the generator needs (rooms and members), plus Actuator metrics when present. */
public final class RestApi implements AutoCloseable {

    /** The contract's limit on {@code members} when creating a room; the rest are added one by one. */
    static final int MAX_MEMBERS_AT_CREATION = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Target target;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "rest");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http;

    public RestApi(Target target) {
        this.target = target;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Creates a GROUP room owned by the token's user, with the given members; returns its id. */
    public long createRoom(String ownerToken, String name, List<String> memberIds) throws IOException {
        List<String> atCreation = memberIds.subList(0, Math.min(memberIds.size(), MAX_MEMBERS_AT_CREATION));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "GROUP");
        body.put("members", atCreation);
        JsonNode room = post(ownerToken, "/api/rooms", body, 201);
        JsonNode id = room.get("id");
        if (id == null || !id.isIntegralNumber()) {
            throw new IOException("POST /api/rooms answered without an integer id: " + room);
        }
        long roomId = id.asLong();
        for (String member : memberIds.subList(atCreation.size(), memberIds.size())) {
            post(ownerToken, "/api/rooms/" + roomId + "/members", Map.of("userId", member), 201);
        }
        return roomId;
    }

    /** Renames a room ({@code PATCH /api/rooms/{id}}): a ROOM_UPDATED change. */
    public void renameRoom(String token, long roomId, String name) throws IOException {
        send(token, "PATCH", "/api/rooms/" + roomId, JSON.writeValueAsBytes(Map.of("name", name)), 200);
    }

    /** A room as the token's user sees it ({@code GET /api/rooms/{id}}): {@code lastSeq}, {@code lastRev}, ... */
    public JsonNode room(String token, long roomId) throws IOException {
        return send(token, "GET", "/api/rooms/" + roomId, null, 200);
    }

    /** Creates a crowd zone ({@code POST /api/crowd/zones}, ADMIN only); returns its id. */
    public long createZone(String adminToken, String name, double lat, double lng, double radiusMeters,
            int threshold) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("lat", lat);
        body.put("lng", lng);
        body.put("radiusMeters", radiusMeters);
        body.put("threshold", threshold);
        JsonNode zone = post(adminToken, "/api/crowd/zones", body, 201);
        JsonNode id = zone.get("id");
        if (id == null || !id.isIntegralNumber()) {
            throw new IOException("POST /api/crowd/zones answered without an integer id: " + zone);
        }
        return id.asLong();
    }

    /** A crowd zone with its live {@code count} ({@code GET /api/crowd/zones/{id}}). */
    public JsonNode zone(String adminToken, long zoneId) throws IOException {
        return send(adminToken, "GET", "/api/crowd/zones/" + zoneId, null, 200);
    }

    /** Deletes a crowd zone ({@code DELETE /api/crowd/zones/{id}}). */
    public void deleteZone(String adminToken, long zoneId) throws IOException {
        send(adminToken, "DELETE", "/api/crowd/zones/" + zoneId, null, 204);
    }

    /** An Actuator metric value ({@code /actuator/metrics/{name}?tag=...}), empty when the target has none. */
    public OptionalDouble metric(String name, String tag) {
        return measurement(name, tag, "VALUE");
    }

    /** An Actuator counter's count so far ({@code /actuator/metrics/{name}}), empty when the target has none. */
    public OptionalDouble count(String name) {
        return measurement(name, null, "COUNT");
    }

    private OptionalDouble measurement(String name, String tag, String statistic) {
        try {
            URI uri = target.resolve("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalDouble.empty();
            }
            for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
                if (statistic.equals(measurement.path("statistic").asString())) {
                    return OptionalDouble.of(measurement.path("value").asDouble());
                }
            }
            return OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    private JsonNode post(String token, String path, Object body, int expectedStatus) throws IOException {
        return send(token, "POST", path, JSON.writeValueAsBytes(body), expectedStatus);
    }

    private JsonNode send(String token, String method, String path, byte[] body, int expectedStatus)
            throws IOException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != expectedStatus) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
