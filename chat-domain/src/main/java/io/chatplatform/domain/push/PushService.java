package io.chatplatform.domain.push;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A user's push subscriptions, one per browser. An endpoint is refused unless its push service is allowed
 * ({@code chat.push.allowed-hosts}); the keys are checked to be a P-256 point and a 16-byte secret, so a push can
 * always be encrypted for them.
 */
@Service
public class PushService {

    /** Attempts at a subscribe that races others for the same endpoint or the same user's oldest row. */
    private static final int SUBSCRIBE_ATTEMPTS = 3;

    private final PushSubscriptionRepository subscriptions;
    private final PushEndpoints endpoints;
    private final VapidKeys vapid;
    private final PushProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    PushService(PushSubscriptionRepository subscriptions, VapidKeys vapid, PushProperties properties, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.subscriptions = subscriptions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.endpoints = new PushEndpoints(properties.allowedHosts());
        this.vapid = vapid;
        this.properties = properties;
        this.clock = clock;
    }

    /** The VAPID public key browsers subscribe with (base64url of the uncompressed P-256 point). */
    public String vapidPublicKey() {
        return vapid.publicKeyBase64();
    }

    /**
     * Subscribes the caller's browser, or renews it: the same endpoint subscribed again (by anyone, since an endpoint
     * is one browser profile) replaces the keys and owner. Beyond {@code chat.push.max-subscriptions-per-user} the
     * caller's oldest subscription is removed: browsers renew subscriptions and leave the old ones behind.
     *
     * @param previews whether pushes may carry who wrote and an excerpt; off, they only say that something happened
     * <p>Concurrent first subscribes of one endpoint converge: the loser of the unique constraint on the endpoint
     * (or of deleting the same oldest row) retries in a new transaction, where it finds the winner's row and renews
     * it. Both callers succeed and one row remains.
     *
     * @throws DomainException BAD_REQUEST for a disallowed endpoint or malformed keys; CONFLICT if it still races
     *     after a few attempts
     */
    public PushSubscriptionView subscribe(Actor caller, String endpoint, String p256dh, String auth, boolean previews) {
        endpoints.requireAllowed(endpoint);
        String key = requireKey(p256dh);
        String secret = requireAuth(auth);
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> subscribeOnce(caller, endpoint, key, secret, previews));
            } catch (DataIntegrityViolationException | ConcurrencyFailureException raced) {
                if (attempt == SUBSCRIBE_ATTEMPTS) {
                    throw DomainException.conflict("the subscription changed concurrently; try again");
                }
            }
        }
    }

    private PushSubscriptionView subscribeOnce(Actor caller, String endpoint, String key, String secret,
            boolean previews) {
        Instant now = clock.instant();
        PushSubscription subscription = subscriptions.findByEndpoint(endpoint).orElse(null);
        if (subscription == null) {
            subscription = subscriptions.save(new PushSubscription(caller.userId(), endpoint, key, secret, previews, now));
        } else {
            subscription.renew(caller.userId(), key, secret, previews, now);
        }
        List<PushSubscription> mine = subscriptions.findByUserIdOrderByCreatedAtAscIdAsc(caller.userId());
        for (int i = 0; i < mine.size() - properties.maxSubscriptionsPerUser(); i++) {
            if (mine.get(i) != subscription) {
                subscriptions.delete(mine.get(i));
            }
        }
        return subscription.view();
    }

    /**
     * Removes the caller's subscription of this endpoint. Someone else's is answered exactly like a missing one.
     *
     * @throws DomainException NOT_FOUND when the caller has none with that endpoint
     */
    @Transactional
    public void unsubscribe(Actor caller, String endpoint) {
        if (endpoint == null || endpoint.isBlank() || subscriptions.deleteByUserIdAndEndpoint(caller.userId(), endpoint) == 0) {
            throw DomainException.notFound("no push subscription with that endpoint");
        }
    }

    /** The caller's subscriptions, oldest first. */
    @Transactional(readOnly = true)
    public List<PushSubscriptionView> list(Actor caller) {
        return subscriptionsOf(caller.userId());
    }

    @Transactional(readOnly = true)
    List<PushSubscriptionView> subscriptionsOf(String userId) {
        return subscriptions.findByUserIdOrderByCreatedAtAscIdAsc(userId).stream().map(PushSubscription::view).toList();
    }

    /** The push service said the subscription is gone (404/410): forget it, unless it was renewed meanwhile. */
    @Transactional
    void removeGone(PushSubscriptionView gone) {
        subscriptions.findByEndpoint(gone.endpoint())
                .filter(current -> current.view().p256dh().equals(gone.p256dh()))
                .ifPresent(subscriptions::delete);
    }

    @EventListener
    @Transactional
    void on(AccountDeleted deleted) {
        subscriptions.deleteByUserId(deleted.userId());
    }

    private static String requireKey(String p256dh) {
        try {
            P256.publicKey(decode(p256dh));
            return normalize(p256dh);
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest("keys.p256dh must be a base64url P-256 public key (65-byte point)");
        }
    }

    private static String requireAuth(String auth) {
        try {
            if (decode(auth).length == 16) {
                return normalize(auth);
            }
        } catch (IllegalArgumentException ignored) {
            // answered below
        }
        throw DomainException.badRequest("keys.auth must be a base64url 16-byte secret");
    }

    private static byte[] decode(String base64url) {
        if (base64url == null || base64url.length() > 128) {
            throw new IllegalArgumentException("missing or too long");
        }
        return P256.B64URL_DECODER.decode(normalize(base64url));
    }

    /** Browsers send base64url without padding; tolerate padding and the standard alphabet, store the former. */
    private static String normalize(String base64) {
        return base64.trim().replace('+', '-').replace('/', '_').replace("=", "");
    }
}
