package io.chatplatform.domain.crowd;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A crowd zone: a circle on the map and the head count at which it alerts. Only its definition is stored. */
@Entity
@Table(name = "crowd_zones")
class Zone {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "crowd_zones_seq")
    @SequenceGenerator(name = "crowd_zones_seq", sequenceName = "crowd_zones_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = ZoneSpec.MAX_NAME_LENGTH)
    private String name;

    @Column(nullable = false)
    private double lat;

    @Column(nullable = false)
    private double lng;

    @Column(name = "radius_meters", nullable = false)
    private double radiusMeters;

    @Column(nullable = false)
    private int threshold;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Zone() {
    }

    Zone(ZoneSpec complete, Instant createdAt) {
        this.createdAt = createdAt;
        apply(complete);
    }

    /** Takes every field the spec sets; the spec was validated. */
    void apply(ZoneSpec spec) {
        if (spec.name() != null) {
            this.name = spec.name().strip();
        }
        if (spec.lat() != null) {
            this.lat = spec.lat();
        }
        if (spec.lng() != null) {
            this.lng = spec.lng();
        }
        if (spec.radiusMeters() != null) {
            this.radiusMeters = spec.radiusMeters();
        }
        if (spec.threshold() != null) {
            this.threshold = spec.threshold();
        }
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    CrowdZone crowdZone() {
        return new CrowdZone(id, lat, lng, radiusMeters, threshold);
    }

    ZoneView view(int count) {
        return new ZoneView(id, name, lat, lng, radiusMeters, threshold, createdAt, count);
    }
}
