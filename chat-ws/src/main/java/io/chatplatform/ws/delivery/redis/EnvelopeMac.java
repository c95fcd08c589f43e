package io.chatplatform.ws.delivery.redis;

import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.ws.delivery.ClusterProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMAC-SHA256 of envelopes under the key the nodes of a cluster share, so that a node acts only on what another
 * node of its own cluster sent: whoever else can publish on the Redis channel can neither forge messages nor
 * disconnect users. The JDK's {@code javax.crypto} does it; no library is needed. Thread-safe.
 */
final class EnvelopeMac {

    static final int MIN_KEY_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(EnvelopeMac.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Only for clusters without any secret; known to anyone who reads this file, so it authenticates nothing. */
    private static final String NO_SECRET_KEY = "chat.cluster development key: no CHAT_CLUSTER_SECRET, no JWT secret";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    EnvelopeMac(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("CHAT_CLUSTER_SECRET must be at least " + MIN_KEY_BYTES
                    + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        newMac(); // fails at startup, not at the first envelope, should the JDK lack the algorithm
    }

    /**
     * The key for this node: {@code chat.cluster.secret}; without it, where the profile requires none, one derived
     * from the JWT secret, which every node of a cluster must share anyway for tokens to work on all of them.
     *
     * @throws IllegalStateException when the secret is required and missing, or too short
     */
    static EnvelopeMac forCluster(ClusterProperties cluster, AuthProperties auth) {
        String secret = cluster.secret();
        if (secret != null && !secret.isBlank()) {
            return new EnvelopeMac(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (cluster.requireSecret()) {
            throw new IllegalStateException("CHAT_CLUSTER_SECRET is not set: cluster mode under this profile refuses "
                    + "to start without a secret of at least " + MIN_KEY_BYTES + " bytes, the same on every node, "
                    + "that authenticates what the nodes send each other through Redis");
        }
        String jwtSecret = auth.jwtSecret();
        if (jwtSecret != null && !jwtSecret.isBlank()) {
            log.warn("CHAT_CLUSTER_SECRET is not set: envelopes between nodes are authenticated with a key derived "
                    + "from the JWT secret. Set CHAT_CLUSTER_SECRET (at least {} bytes) in production.", MIN_KEY_BYTES);
            return new EnvelopeMac(derive(jwtSecret.getBytes(StandardCharsets.UTF_8), "chat.cluster.envelopes.v1"));
        }
        log.warn("""

                ***********************************************************************************
                * Neither CHAT_CLUSTER_SECRET nor CHAT_JWT_SECRET is set: envelopes between nodes *
                * carry a MAC under a publicly known key, so anyone who can publish on the Redis  *
                * channel can forge them. Set CHAT_CLUSTER_SECRET for anything but local trials.  *
                ***********************************************************************************""");
        return new EnvelopeMac(derive(NO_SECRET_KEY.getBytes(StandardCharsets.UTF_8), "chat.cluster.envelopes.v1"));
    }

    /** The MAC of {@code text} (its UTF-8 bytes), base64url without padding: 43 characters. */
    String sign(String text) {
        return ENCODER.encodeToString(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code mac} is the MAC of {@code text}; compared in constant time. */
    boolean verifies(String text, String mac) {
        byte[] given;
        try {
            given = DECODER.decode(mac);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)), given);
    }

    /** A key for one purpose from a secret kept for another: HMAC-SHA256(secret, purpose), as HKDF's expand does. */
    private static byte[] derive(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
