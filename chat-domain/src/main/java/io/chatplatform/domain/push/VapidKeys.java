package io.chatplatform.domain.push;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The server's VAPID key pair (RFC 8292): the one configured in {@code chat.push.vapid.*}, or else one generated
 * by the first node that needs it and stored in the database, so that restarts and the other nodes of a cluster sign
 * with the key browsers subscribed with. A new key would silently orphan every subscription (push services refuse a
 * JWT signed by another key than the one given to {@code pushManager.subscribe}).
 */
@Component
class VapidKeys {

    private static final Logger log = LoggerFactory.getLogger(VapidKeys.class);

    private final PushProperties.Vapid configured;
    private final StoredVapidKeysRepository stored;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile Pair pair;

    VapidKeys(PushProperties properties, StoredVapidKeysRepository stored, TransactionTemplate transactions,
            Clock clock) {
        this.configured = properties.vapid();
        this.stored = stored;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The public key as browsers want it for {@code applicationServerKey}: base64url of the 65-byte point. */
    String publicKeyBase64() {
        return pair().publicBase64();
    }

    Pair pair() {
        Pair current = pair;
        if (current == null) {
            synchronized (this) {
                if (pair == null) {
                    pair = load();
                }
                current = pair;
            }
        }
        return current;
    }

    private Pair load() {
        if (configured.configured()) {
            return Pair.of(configured.publicKey().trim(), configured.privateKey().trim());
        }
        StoredVapidKeys row = stored.findById(StoredVapidKeys.ID).orElse(null);
        if (row == null) {
            KeyPair generated = P256.generate();
            String publicKey = P256.B64URL.encodeToString(P256.encode((ECPublicKey) generated.getPublic()));
            String privateKey = P256.B64URL.encodeToString(P256.encode((ECPrivateKey) generated.getPrivate()));
            try {
                transactions.executeWithoutResult(status -> stored.saveAndFlush(
                        new StoredVapidKeys(publicKey, privateKey, clock.instant())));
                log.warn("No chat.push.vapid keys configured: generated a VAPID key pair and stored it in the "
                        + "database (public key {}); configure chat.push.vapid.* to manage it yourself", publicKey);
            } catch (DataIntegrityViolationException anotherNodeWasFirst) {
                log.debug("Another node stored the VAPID keys first");
            }
            row = stored.findById(StoredVapidKeys.ID).orElseThrow();
        }
        return Pair.of(row.publicKey(), row.privateKey());
    }

    record Pair(ECPublicKey publicKey, ECPrivateKey privateKey, String publicBase64) {

        static Pair of(String publicBase64, String privateBase64) {
            ECPublicKey publicKey = P256.publicKey(P256.B64URL_DECODER.decode(publicBase64));
            ECPrivateKey privateKey = P256.privateKey(P256.B64URL_DECODER.decode(privateBase64));
            return new Pair(publicKey, privateKey, P256.B64URL.encodeToString(P256.encode(publicKey)));
        }

        @Override
        public String toString() {
            return "VapidKeys[" + publicBase64 + "]";
        }
    }
}
