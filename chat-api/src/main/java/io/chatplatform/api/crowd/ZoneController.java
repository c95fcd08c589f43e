package io.chatplatform.api.crowd;

import io.chatplatform.api.auth.AdminOnly;
import io.chatplatform.domain.crowd.ZoneService;
import io.chatplatform.domain.crowd.ZoneSpec;
import io.chatplatform.domain.crowd.ZoneView;
import io.chatplatform.domain.user.Actor;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Crowd zones with their live {@code count}. Presence of fields is checked here, their ranges in the domain. */
@RestController
@RequestMapping("/api/crowd/zones")
@AdminOnly
class ZoneController {

    private final ZoneService zones;

    ZoneController(ZoneService zones) {
        this.zones = zones;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "the zone, created; Location: /api/crowd/zones/{id}")
    ResponseEntity<ZoneView> create(Actor caller, @Valid @RequestBody NewZone body) {
        ZoneView zone = zones.create(caller, new ZoneSpec(body.name(), body.lat(), body.lng(), body.radiusMeters(),
                body.threshold()));
        return ResponseEntity.created(URI.create("/api/crowd/zones/" + zone.id())).body(zone);
    }

    @GetMapping
    List<ZoneView> list(Actor caller) {
        return zones.list(caller);
    }

    @GetMapping("/{zoneId}")
    ZoneView get(Actor caller, @PathVariable Long zoneId) {
        return zones.get(caller, zoneId);
    }

    /** Changes the fields present in the body; absent (or null) fields stay as they are. */
    @PatchMapping("/{zoneId}")
    ZoneView update(Actor caller, @PathVariable Long zoneId, @RequestBody ZonePatch body) {
        return zones.update(caller, zoneId, new ZoneSpec(body.name(), body.lat(), body.lng(), body.radiusMeters(),
                body.threshold()));
    }

    @DeleteMapping("/{zoneId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor caller, @PathVariable Long zoneId) {
        zones.delete(caller, zoneId);
    }

    record NewZone(@NotBlank String name, @NotNull Double lat, @NotNull Double lng, @NotNull Double radiusMeters,
            @NotNull Integer threshold) {
    }

    record ZonePatch(String name, Double lat, Double lng, Double radiusMeters, Integer threshold) {
    }
}
