package io.chatplatform.domain.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188), one record: a
 * fresh ECDH key pair per message, HKDF-SHA-256 over the shared secret and the browser's auth secret, AES-128-GCM.
 * Only the browser that holds the subscription's private key can read the payload; the push service cannot.
 */
final class WebPushEncryption {

    /** The record size announced in the header; one record holds the whole payload. */
    static final int RECORD_SIZE = 4096;
    /** RFC 8291 §4: 4096 − 16 (tag) − 1 (delimiter) − 86 (header) leaves 3993 bytes of plaintext for push services. */
    static final int MAX_PAYLOAD_BYTES = 3993;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /** The request body: header (salt, rs, keyid = our ephemeral public key) and the one encrypted record. */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        if (plaintext.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("push payload too large: " + plaintext.length + " bytes");
        }
        try {
            KeyPair ephemeral = P256.generate();
            byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(P256.publicKey(uaPublic), true);
            byte[] ecdhSecret = agreement.generateSecret();

            byte[] keyInfo = concat("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, uaPublic, asPublic);
            byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            byte[] cek = hkdf(salt, ikm, info("aes128gcm"), 16);
            byte[] nonce = hkdf(salt, ikm, info("nonce"), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] record = cipher.doFinal(concat(plaintext, new byte[] {2})); // 0x02: the last (only) record

            ByteBuffer body = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + record.length);
            body.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(record);
            return body.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed", e);
        }
    }

    private static byte[] info(String coding) {
        return ("Content-Encoding: " + coding + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most 32 bytes: one expand round. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}
