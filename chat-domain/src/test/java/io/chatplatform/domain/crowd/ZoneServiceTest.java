package io.chatplatform.domain.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Zone administration: ADMINs only, validated fields, and live counts that follow every change. */
@DataJpaTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({DomainConfiguration.class, ZoneService.class, CrowdService.class})
@EnableConfigurationProperties(CrowdProperties.class)
class ZoneServiceTest {

    static final Actor ROOT = new Actor("root", Role.ADMIN);
    static final Actor ALICE = new Actor("alice", Role.USER);

    @Autowired
    ZoneService zones;

    @Autowired
    CrowdService crowd;

    @Test
    void adminCreatesAZoneThatCountsUsersInsideAndFollowsChanges() {
        ZoneView zone = zones.create(ROOT, new ZoneSpec(" plaza ", 10.0, 20.0, 100.0, 5));
        crowd.updateLocation(ALICE, 10.0, 20.0);

        assertThat(zone.name()).isEqualTo("plaza");
        assertThat(zones.get(ROOT, zone.id()).count()).isEqualTo(1);

        ZoneView moved = zones.update(ROOT, zone.id(), new ZoneSpec(null, 11.0, null, null, null));
        assertThat(moved.lat()).isEqualTo(11.0);
        assertThat(moved.lng()).as("unchanged").isEqualTo(20.0);
        assertThat(moved.count()).isZero();

        zones.delete(ROOT, zone.id());
        assertCode(() -> zones.get(ROOT, zone.id()), ErrorCode.NOT_FOUND);
        assertThat(zones.list(ROOT)).extracting(ZoneView::id).doesNotContain(zone.id());
    }

    @Test
    void onlyAPlatformAdminManagesZones() {
        ZoneView zone = zones.create(ROOT, new ZoneSpec("mine", 1.0, 1.0, 10.0, 1));

        assertCode(() -> zones.create(ALICE, new ZoneSpec("x", 1.0, 1.0, 10.0, 1)), ErrorCode.FORBIDDEN);
        assertCode(() -> zones.list(ALICE), ErrorCode.FORBIDDEN);
        assertCode(() -> zones.get(ALICE, zone.id()), ErrorCode.FORBIDDEN);
        assertCode(() -> zones.update(ALICE, zone.id(), new ZoneSpec("y", null, null, null, null)),
                ErrorCode.FORBIDDEN);
        assertCode(() -> zones.delete(ALICE, zone.id()), ErrorCode.FORBIDDEN);
    }

    @Test
    void invalidFieldsAreRefused() {
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 1.0, 1.0, 10.0, null)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec(" ", 1.0, 1.0, 10.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 90.5, 1.0, 10.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 1.0, -181.0, 10.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 1.0, 1.0, 0.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 1.0, 1.0, 100_001.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", 1.0, 1.0, 10.0, 0)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.create(ROOT, new ZoneSpec("x", Double.NaN, 1.0, 10.0, 1)), ErrorCode.BAD_REQUEST);
        assertCode(() -> zones.update(ROOT, Long.MAX_VALUE, new ZoneSpec("x", null, null, null, null)),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void positionsOutsideTheGlobeAreRefused() {
        assertCode(() -> crowd.updateLocation(ALICE, 91, 0), ErrorCode.BAD_REQUEST);
        assertCode(() -> crowd.updateLocation(ALICE, 0, 180.5), ErrorCode.BAD_REQUEST);
        assertCode(() -> crowd.updateLocation(ALICE, Double.NaN, 0), ErrorCode.BAD_REQUEST);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
