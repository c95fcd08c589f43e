package io.chatplatform.api.crowd;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/crowd/zones}: platform ADMINs define zones and read their live counts. */
class ZoneRestIT extends ChatServerTest {

    @Test
    void adminCreatesListsReadsPatchesAndDeletesAZone() {
        String admin = adminTokenFor(uniqueUser("admin"));

        Response created = rest.post("/api/crowd/zones", admin, zone("gate A", 51.5, -0.12, 75.5, 20));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("name").asString()).isEqualTo("gate A");
        assertThat(created.json().path("radiusMeters").asDouble()).isEqualTo(75.5);
        assertThat(created.json().path("count").asInt()).isZero();
        assertThat(created.json().path("createdAt").asString()).isNotBlank();

        assertThat(rest.get("/api/crowd/zones", admin).json().valueStream().map(zone -> zone.path("id").asLong()))
                .contains(id);
        Response patched = rest.patch("/api/crowd/zones/" + id, admin, Map.of("threshold", 5, "name", "gate B"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("threshold").asInt()).isEqualTo(5);
        assertThat(patched.json().path("name").asString()).isEqualTo("gate B");
        assertThat(patched.json().path("lat").asDouble()).isEqualTo(51.5);
        assertThat(rest.get("/api/crowd/zones/" + id, admin).json().path("threshold").asInt()).isEqualTo(5);

        assertThat(rest.delete("/api/crowd/zones/" + id, admin).status()).isEqualTo(204);
        assertProblem(rest.get("/api/crowd/zones/" + id, admin), 404, "NOT_FOUND");
    }

    @Test
    void nonAdminIsForbiddenOnEveryZoneCallWhateverTheBody() {
        String admin = adminTokenFor(uniqueUser("admin"));
        long id = rest.post("/api/crowd/zones", admin, zone("z", 1, 1, 10, 1)).json().path("id").asLong();
        String user = tokenFor(uniqueUser("alice"));

        assertProblem(rest.post("/api/crowd/zones", user, zone("z", 1, 1, 10, 1)), 403, "FORBIDDEN");
        assertProblem(rest.postRaw("/api/crowd/zones", user, "{\"lat\":"), 403, "FORBIDDEN");
        assertProblem(rest.get("/api/crowd/zones", user), 403, "FORBIDDEN");
        assertProblem(rest.get("/api/crowd/zones/" + id, user), 403, "FORBIDDEN");
        assertProblem(rest.patch("/api/crowd/zones/" + id, user, Map.of("name", "mine")), 403, "FORBIDDEN");
        assertProblem(rest.delete("/api/crowd/zones/" + id, user), 403, "FORBIDDEN");
        assertProblem(rest.post("/api/notifications", user, Map.of("userIds", java.util.List.of("x"), "kind", "K",
                "payload", Map.of())), 403, "FORBIDDEN");
        assertProblem(rest.post("/api/announcements", user, Map.of()), 403, "FORBIDDEN");
    }

    @Test
    void invalidZonesAreBadRequests() {
        String admin = adminTokenFor(uniqueUser("admin"));

        assertProblem(rest.post("/api/crowd/zones", admin, zone("z", 91, 1, 10, 1)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/crowd/zones", admin, zone("z", 1, 181, 10, 1)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/crowd/zones", admin, zone("z", 1, 1, 0, 1)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/crowd/zones", admin, zone("z", 1, 1, 10, 0)), 400, "BAD_REQUEST");
        assertProblem(rest.post("/api/crowd/zones", admin, zone(" ", 1, 1, 10, 1)), 400, "BAD_REQUEST");
        Map<String, Object> missingLng = zone("z", 1, 1, 10, 1);
        missingLng.remove("lng");
        assertProblem(rest.post("/api/crowd/zones", admin, missingLng), 400, "BAD_REQUEST");
        assertProblem(rest.postRaw("/api/crowd/zones", admin,
                "{\"name\":\"z\",\"lat\":\"x\",\"lng\":1,\"radiusMeters\":10,\"threshold\":1}"), 400, "BAD_REQUEST");
        long id = rest.post("/api/crowd/zones", admin, zone("z", 1, 1, 10, 1)).json().path("id").asLong();
        assertProblem(rest.patch("/api/crowd/zones/" + id, admin, Map.of("radiusMeters", -5)), 400, "BAD_REQUEST");
    }

    @Test
    void unknownZoneIsNotFound() {
        String admin = adminTokenFor(uniqueUser("admin"));

        assertProblem(rest.get("/api/crowd/zones/" + Long.MAX_VALUE, admin), 404, "NOT_FOUND");
        assertProblem(rest.patch("/api/crowd/zones/" + Long.MAX_VALUE, admin, Map.of("name", "x")), 404, "NOT_FOUND");
        assertProblem(rest.delete("/api/crowd/zones/" + Long.MAX_VALUE, admin), 404, "NOT_FOUND");
    }

    private static Map<String, Object> zone(String name, double lat, double lng, double radiusMeters, int threshold) {
        Map<String, Object> zone = new HashMap<>();
        zone.put("name", name);
        zone.put("lat", lat);
        zone.put("lng", lng);
        zone.put("radiusMeters", radiusMeters);
        zone.put("threshold", threshold);
        return zone;
    }
}
