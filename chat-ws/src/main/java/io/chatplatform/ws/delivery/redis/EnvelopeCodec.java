package io.chatplatform.ws.delivery.redis;

import io.chatplatform.domain.user.Role;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.session.Endpoint;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An envelope on the wire, three parts split by the first two newlines:
 * <pre>
 * v1.&lt;MAC&gt;
 * {"origin":"node-a","sentAt":1764451200000,"target":"ROOM",…}
 * {"type":"MESSAGE",…}
 * </pre>
 * The MAC (HMAC-SHA256 under the cluster key, base64url) covers everything after the first newline: the header
 * line, with the sending node and time, and the frame text as clients will receive it. The frame is never
 * re-encoded; a compact JSON header never contains a raw newline, so the splits are unambiguous.
 * <p>
 * {@link #decode} trusts nothing before the MAC checks out, and bounds what even an authenticated envelope may
 * carry: its size, the users it lists, and how far its sending time lies from its arrival (so a recorded
 * envelope can be replayed only within that window).
 */
final class EnvelopeCodec {

    static final String VERSION = "v1.";
    /**
     * The longest envelope accepted, in characters: a frame no session could queue anyway (the default send buffer
     * holds 512 K characters) plus a header of {@link Envelope#MAX_USER_IDS} ids. Checked before the MAC is.
     */
    static final int MAX_CHARS = 2 * 1024 * 1024;

    private final JsonMapper mapper;
    private final EnvelopeMac mac;
    private final long maxAgeMillis;

    EnvelopeCodec(JsonMapper mapper, EnvelopeMac mac, long maxAgeMillis) {
        this.mapper = mapper;
        this.mac = mac;
        this.maxAgeMillis = maxAgeMillis;
    }

    String encode(Envelope envelope, long sentAtMillis) {
        Header header = new Header(envelope.origin(), sentAtMillis, envelope.target(), envelope.endpoint(),
                envelope.roomId(), envelope.seq(), envelope.membershipVersion(), envelope.userIds(), envelope.role());
        String signed = mapper.writeValueAsString(header) + "\n" + envelope.frame();
        return VERSION + mac.sign(signed) + "\n" + signed;
    }

    /**
     * Checks and opens an envelope that arrived at {@code arrivedAtMillis}.
     *
     * @throws Rejected when it is too large, unsigned, signed with another key, malformed, out of its time window
     *                  or lists too many users
     */
    Received decode(String message, long arrivedAtMillis) {
        if (message.length() > MAX_CHARS) {
            throw new Rejected(Reason.TOO_LARGE);
        }
        int macEnd = message.indexOf('\n');
        if (!message.startsWith(VERSION) || macEnd < 0) {
            throw new Rejected(Reason.UNSIGNED);
        }
        String signature = message.substring(VERSION.length(), macEnd);
        String signed = message.substring(macEnd + 1);
        if (!mac.verifies(signed, signature)) {
            throw new Rejected(Reason.BAD_MAC);
        }
        int split = signed.indexOf('\n');
        if (split < 0) {
            throw new Rejected(Reason.MALFORMED);
        }
        Header header;
        try {
            header = mapper.readValue(signed.substring(0, split), Header.class);
        } catch (JacksonException e) {
            throw new Rejected(Reason.MALFORMED);
        }
        if (header.target() == null || header.seq() < 0) {
            throw new Rejected(Reason.MALFORMED);
        }
        if (Math.abs(arrivedAtMillis - header.sentAt()) > maxAgeMillis) {
            throw new Rejected(Reason.STALE);
        }
        if (header.userIds() != null && header.userIds().size() > Envelope.MAX_USER_IDS) {
            throw new Rejected(Reason.TOO_MANY_USERS);
        }
        Envelope envelope = new Envelope(header.origin(), header.target(), header.endpoint(), header.roomId(),
                header.seq(), header.membershipVersion(), header.userIds(), header.role(), signed.substring(split + 1));
        return new Received(envelope, header.sentAt(), signature);
    }

    /** The header line: what the envelope is for, and who sent it when. */
    record Header(String origin, long sentAt, Envelope.Target target, Endpoint endpoint, Long roomId, long seq,
            long membershipVersion, List<String> userIds, Role role) {
    }

    /** An authenticated envelope, with its sending time and MAC (which tells a replay of it apart). */
    record Received(Envelope envelope, long sentAt, String mac) {
    }

    /** Why an envelope was rejected; the {@code reason} tag of {@code chat.cluster.envelopes.rejected}. */
    enum Reason {
        TOO_LARGE, UNSIGNED, BAD_MAC, MALFORMED, STALE, TOO_MANY_USERS, REPLAYED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final class Rejected extends RuntimeException {

        private final Reason reason;

        Rejected(Reason reason) {
            super(reason.name(), null, false, false); // an expected outcome: no stack trace to fill
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }
}
