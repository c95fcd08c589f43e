package io.chatplatform.domain.crowd;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Platform ADMINs define crowd zones. Every committed change reloads all zones into the crowd index, which
 * recounts everyone: zones change rarely, and a full reload can never apply two changes in the wrong order.
 */
@Service
public class ZoneService implements SmartInitializingSingleton {

    private final ZoneRepository zones;
    private final CrowdService crowd;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ZoneService(ZoneRepository zones, CrowdService crowd, PlatformTransactionManager transactionManager,
            Clock clock) {
        this.zones = zones;
        this.crowd = crowd;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Fills the index with the stored zones at startup. */
    @Override
    public void afterSingletonsInstantiated() {
        reload();
    }

    public ZoneView create(Actor caller, ZoneSpec spec) {
        requireAdmin(caller);
        ZoneSpec valid = spec.validatedComplete();
        Zone zone = transactions.execute(status -> zones.save(new Zone(valid, clock.instant())));
        reload();
        return view(zone);
    }

    public List<ZoneView> list(Actor caller) {
        requireAdmin(caller);
        return zones.findAll(Sort.by("id")).stream().map(this::view).toList();
    }

    public ZoneView get(Actor caller, Long zoneId) {
        requireAdmin(caller);
        return view(find(zoneId));
    }

    /** Changes the fields the patch sets; a patch that sets none changes nothing. */
    public ZoneView update(Actor caller, Long zoneId, ZoneSpec patch) {
        requireAdmin(caller);
        ZoneSpec valid = patch.validated();
        Zone zone = transactions.execute(status -> {
            Zone found = find(zoneId);
            found.apply(valid);
            return found;
        });
        reload();
        return view(zone);
    }

    public void delete(Actor caller, Long zoneId) {
        requireAdmin(caller);
        transactions.executeWithoutResult(status -> zones.delete(find(zoneId)));
        reload();
    }

    /** A zone's name, for messages about it; empty once it is deleted. */
    Optional<String> nameOf(Long zoneId) {
        return zones.findById(zoneId).map(Zone::name);
    }

    /** Serialised, so that the index always ends up with the zones of the latest reload. */
    private synchronized void reload() {
        crowd.zonesChanged(zones.findAll().stream().map(Zone::crowdZone).toList());
    }

    private Zone find(Long zoneId) {
        if (zoneId == null) {
            throw DomainException.badRequest("zone id is required");
        }
        return zones.findById(zoneId)
                .orElseThrow(() -> DomainException.notFound("zone " + zoneId + " does not exist"));
    }

    private ZoneView view(Zone zone) {
        return zone.view(crowd.count(zone.id()));
    }

    private static void requireAdmin(Actor caller) {
        if (!caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only a platform ADMIN may manage crowd zones");
        }
    }
}
