package io.chatplatform.ws.cluster;

import io.chatplatform.ws.session.ClusterBus;
import io.chatplatform.ws.session.Envelope;
import io.chatplatform.ws.session.LocalClusterBus;

import tools.jackson.databind.json.JsonMapper;

/**
 * An envelope on the wire: a JSON header line, a newline, then the frame text as clients will receive it. The
 * frame is never re-encoded; a compact JSON frame never contains a raw newline, so the first one splits.
 */
final class EnvelopeCodec {

    private final JsonMapper mapper;

    EnvelopeCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    String encode(Envelope envelope) {
        Envelope header = new Envelope(envelope.origin(), envelope.target(), envelope.endpoint(), envelope.roomId(),
                envelope.seq(), envelope.membershipVersion(), envelope.userIds(), envelope.role(), null);
        return mapper.writeValueAsString(header) + "\n" + envelope.frame();
    }

    Envelope decode(String message) {
        int split = message.indexOf('\n');
        if (split < 0) {
            throw new IllegalArgumentException("not an envelope");
        }
        Envelope header = mapper.readValue(message.substring(0, split), Envelope.class);
        return new Envelope(header.origin(), header.target(), header.endpoint(), header.roomId(), header.seq(),
                header.membershipVersion(), header.userIds(), header.role(), message.substring(split + 1));
    }
}
