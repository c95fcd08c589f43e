package io.chatplatform.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push service on 127.0.0.1 that plays both the push service and the browser behind it: it records each POST,
 * checks its VAPID {@code Authorization} (RFC 8292) and decrypts its {@code aes128gcm} body (RFC 8291) with the
 * private key of the subscription it created, as a browser would. Written from the RFCs, independently of the
 * server's encryptor, so a mistake shared by both cannot pass unnoticed.
 */
public final class PushServiceStandIn implements AutoCloseable {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Push> received = new ArrayList<>();

    public PushServiceStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", this::handle);
        server.start();
    }

    /** The origin the VAPID JWT's {@code aud} must name. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscription: a fresh P-256 key pair and auth secret, and an endpoint on this service. */
    public Subscription subscribe() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            Subscription subscription = new Subscription(origin() + "/push/" + UUID.randomUUID(),
                    generator.generateKeyPair(), auth);
            synchronized (this) {
                subscriptions.put(subscription.endpoint(), subscription);
            }
            return subscription;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next requests to this endpoint are answered with these statuses in turn (then 201). */
    public synchronized void answer(Subscription subscription, Answer... next) {
        answers.computeIfAbsent(subscription.endpoint(), key -> new ArrayDeque<>()).addAll(List.of(next));
    }

    /** The pushes received for this subscription so far, in order. */
    public synchronized List<Push> received(Subscription subscription) {
        return received.stream().filter(push -> push.endpoint().equals(subscription.endpoint())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String endpoint = origin() + exchange.getRequestURI().getPath();
            Answer answer;
            Subscription subscription;
            synchronized (this) {
                subscription = subscriptions.get(endpoint);
                Deque<Answer> queued = answers.get(endpoint);
                answer = queued == null || queued.isEmpty() ? new Answer(201, null) : queued.poll();
            }
            Push push;
            if (subscription == null || !"POST".equals(exchange.getRequestMethod())) {
                push = new Push(endpoint, Map.of(), null, "unknown endpoint or method", answer.status(), Instant.now());
                answer = new Answer(404, null);
            } else {
                push = read(endpoint, exchange, body, subscription, answer.status());
            }
            synchronized (this) {
                received.add(push);
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
        }
    }

    private Push read(String endpoint, HttpExchange exchange, byte[] body, Subscription subscription, int status) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("TTL", "Urgency", "Content-Encoding", "Content-Type", "Authorization")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        try {
            String vapidKey = verifyVapid(headers.get("Authorization"));
            if (!"aes128gcm".equals(headers.get("Content-Encoding"))) {
                throw new IllegalStateException("Content-Encoding is " + headers.get("Content-Encoding"));
            }
            String plaintext = decrypt(body, subscription);
            return new Push(endpoint, headers, JSON.readTree(plaintext), "ok vapid k=" + vapidKey, status, Instant.now());
        } catch (RuntimeException | GeneralSecurityException e) {
            return new Push(endpoint, headers, null, "invalid: " + e, status, Instant.now());
        }
    }

    /** RFC 8292: {@code vapid t=<ES256 JWT>, k=<public key>}; the JWT verifies with k, aud = our origin. */
    private String verifyVapid(String authorization) throws GeneralSecurityException {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new IllegalStateException("no vapid Authorization");
        }
        String token = null;
        String key = null;
        for (String part : authorization.substring(6).split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair[0].equals("t")) {
                token = pair[1];
            } else if (pair[0].equals("k")) {
                key = pair[1];
            }
        }
        String[] jwt = token.split("\\.");
        JsonNode header = JSON.readTree(B64URL_DECODER.decode(jwt[0]));
        JsonNode claims = JSON.readTree(B64URL_DECODER.decode(jwt[1]));
        if (!"ES256".equals(header.path("alg").asString())) {
            throw new IllegalStateException("alg " + header.path("alg"));
        }
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(B64URL_DECODER.decode(key)));
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(B64URL_DECODER.decode(jwt[2]))) {
            throw new IllegalStateException("VAPID signature does not verify with k");
        }
        if (!claims.path("aud").isString() || !claims.path("aud").asString().equals(origin())) {
            throw new IllegalStateException("aud " + claims.path("aud") + " is not " + origin());
        }
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) {
            throw new IllegalStateException("exp not within the next 24 h: " + exp);
        }
        String sub = claims.path("sub").asString("");
        if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
            throw new IllegalStateException("sub " + sub);
        }
        return key;
    }

    /** RFC 8291 §3.4 and RFC 8188 §2, from the receiving side. */
    private static String decrypt(byte[] body, Subscription subscription) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] keyId = new byte[in.get() & 0xff];
        in.get(keyId);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new IllegalStateException("more than one record");
        }
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(subscription.keys().getPrivate());
        agreement.doPhase(publicKey(keyId), true);
        byte[] ecdhSecret = agreement.generateSecret();

        byte[] uaPublic = subscription.publicKeyBytes();
        byte[] keyInfo = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(uaPublic).put(keyId).array();
        byte[] ikm = hmac(hmac(subscription.auth(), ecdhSecret), append(keyInfo, (byte) 1));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, append("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
                (byte) 1)), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, append("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
                (byte) 1)), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--; // padding
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalStateException("last record without the 0x02 delimiter");
        }
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] append(byte[] data, byte last) {
        byte[] out = Arrays.copyOf(data, data.length + 1);
        out[data.length] = last;
        return out;
    }

    static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey any = (ECPublicKey) generator.generateKeyPair().getPublic();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, any.getParams()));
    }

    /** How the stand-in answers one request: a status and maybe a Retry-After. */
    public record Answer(int status, String retryAfter) {
    }

    /**
     * One request received: its headers, its decrypted JSON ({@code null} when it failed a check, and
     * {@code problem} says which), the status it was answered with, and when it arrived.
     */
    public record Push(String endpoint, Map<String, String> headers, JsonNode payload, String problem, int status,
            Instant at) {

        public boolean valid() {
            return payload != null;
        }
    }

    /** A browser's subscription: what it posts to the server ({@link #toJson}) and the private key it keeps. */
    public record Subscription(String endpoint, KeyPair keys, byte[] auth) {

        public byte[] publicKeyBytes() {
            ECPublicKey key = (ECPublicKey) keys.getPublic();
            byte[] point = new byte[65];
            point[0] = 4;
            unsigned(key.getW().getAffineX(), point, 1);
            unsigned(key.getW().getAffineY(), point, 33);
            return point;
        }

        /** {@code PushSubscription.toJSON()}: {@code {"endpoint","expirationTime","keys":{"p256dh","auth"}}}. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new HashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", Map.of("p256dh", B64URL.encodeToString(publicKeyBytes()), "auth",
                    B64URL.encodeToString(auth)));
            return json;
        }

        private static void unsigned(BigInteger value, byte[] target, int offset) {
            byte[] bytes = value.toByteArray();
            int length = Math.min(bytes.length, 32);
            System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
        }
    }
}
