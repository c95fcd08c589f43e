package io.chatplatform.domain.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/** Subscriptions and the stored VAPID pair over JPA and the V10 migration (H2 here, PostgreSQL in the subclass). */
@DataJpaTest(properties = "chat.push.allowed-hosts=https://push.example.com")
@Import({DomainConfiguration.class, PushService.class, VapidKeys.class})
@EnableConfigurationProperties(PushProperties.class)
class PushServiceTest {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @Autowired
    PushService push;

    @Autowired
    PushProperties properties;

    @Autowired
    StoredVapidKeysRepository storedKeys;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    private final Actor bob = new Actor("bob-" + UUID.randomUUID(), Role.USER);
    private final Actor carol = new Actor("carol-" + UUID.randomUUID(), Role.USER);

    @Test
    void sameEndpointSubscribedAgainIsRenewedAndChangesOwner() {
        String endpoint = endpoint();
        push.subscribe(bob, endpoint, key(), auth(), true);
        PushSubscriptionView renewed = push.subscribe(carol, endpoint, key(), auth(), false);

        assertThat(push.list(bob)).isEmpty();
        assertThat(push.list(carol)).singleElement().satisfies(mine -> {
            assertThat(mine.endpoint()).isEqualTo(endpoint);
            assertThat(mine.previews()).isFalse();
            assertThat(mine.p256dh()).isEqualTo(renewed.p256dh());
        });
    }

    @Test
    void beyondTheLimitTheOldestSubscriptionGoes() {
        String oldest = endpoint();
        push.subscribe(bob, oldest, key(), auth(), true);
        for (int i = 1; i < properties.maxSubscriptionsPerUser(); i++) {
            push.subscribe(bob, endpoint(), key(), auth(), true);
        }
        assertThat(push.list(bob)).hasSize(properties.maxSubscriptionsPerUser());

        String newest = endpoint();
        push.subscribe(bob, newest, key(), auth(), true);

        assertThat(push.list(bob)).hasSize(properties.maxSubscriptionsPerUser())
                .extracting(PushSubscriptionView::endpoint).doesNotContain(oldest).contains(newest);
    }

    @Test
    void onlyTheOwnerUnsubscribes() {
        String endpoint = endpoint();
        push.subscribe(bob, endpoint, key(), auth(), true);

        assertThatThrownBy(() -> push.unsubscribe(carol, endpoint)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(push.list(bob)).hasSize(1);
        push.unsubscribe(bob, endpoint);
        assertThat(push.list(bob)).isEmpty();
    }

    @Test
    void aGoneSubscriptionRenewedMeanwhileStays() {
        String endpoint = endpoint();
        PushSubscriptionView old = push.subscribe(bob, endpoint, key(), auth(), true);
        push.subscribe(bob, endpoint, key(), auth(), true);

        push.removeGone(old);

        assertThat(push.list(bob)).hasSize(1);
    }

    @Test
    void generatedVapidKeysAreStoredOnceAndSharedByEveryNode() {
        String first = push.vapidPublicKey();
        VapidKeys otherNode = new VapidKeys(properties, storedKeys, transactions, clock);

        assertThat(otherNode.publicKeyBase64()).isEqualTo(first);
        assertThat(storedKeys.count()).isEqualTo(1);
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(65);
    }

    private static String endpoint() {
        return "https://push.example.com/p/" + UUID.randomUUID();
    }

    private static String key() {
        KeyPair pair = P256.generate();
        return B64URL.encodeToString(P256.encode((ECPublicKey) pair.getPublic()));
    }

    private static String auth() {
        return B64URL.encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes());
    }
}
