package io.chatplatform.ws.session;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chat.ws.*}: WebSocket limits and timings.
 *
 * @param allowedOrigins  origins (besides the server's own) whose pages may open sockets; patterns such as
 *                        {@code https://*.example.com} are allowed; empty means same-origin only
 * @param initTimeout     how long a socket may stay open without authenticating (INIT frame)
 * @param writeStallTimeout how long one write may wait for room in a client's socket before the session is closed
 *                        (1013); the writer that owns the session waits that long, so it bounds how long one
 *                        stalled client delays the other sessions of its writer. Also bounds the container's
 *                        answer to a client's close frame, which waits for the write in progress
 * @param sendBufferLimit how much may wait in one session's send queue before the session is dropped
 * @param maxFrameSize    the largest frame accepted from a client; larger ones close the socket with 1009
 * @param readBufferSize  the container's per-session buffer for text frames, in bytes of memory (half as many
 *                        characters); longer frames arrive in parts and are assembled up to {@code maxFrameSize},
 *                        so an idle session holds a small buffer, not a frame-sized one
 * @param perMessageDeflate whether clients may negotiate compression; each compressed connection holds inflater
 *                        and deflater state (heap buffers and native zlib memory), far more than an idle chat
 *                        connection otherwise needs
 * @param sweepInterval   how often sessions are checked for INIT timeouts and expired tokens
 * @param typingInterval  the least time between two TYPING frames relayed for one user in one room
 * @param rateLimit       frames per second one connection may send, sustained ({@code ERROR RATE_LIMITED} beyond)
 * @param rateBurst       frames one connection may send at once before the sustained rate applies
 * @param floodLimit      rate-limited frames, with no slowing down in between (no frame finding a token to
 *                        spare), after which the connection is closed with 1008
 * @param ratePacing      over the rate, stop reading the connection until its bucket has a token again, so the
 *                        client's frames wait in its own socket and none is refused; false (or a container that
 *                        cannot pause a read) refuses each frame over the rate with {@code ERROR RATE_LIMITED}
 *                        naming it ({@code ref}) and saying when to resend it ({@code retryAfterMs})
 * @param maxSessionsPerUser open sessions one user may have on one endpoint; one more is closed with 1008
 * @param maxPendingSessions sockets that may wait for INIT at once, node-wide; more are closed with 1013
 * @param maxPendingSessionsPerAddress sockets one client address (an IPv6 /64) may have waiting for INIT at once;
 *                        more are closed with 1013. Behind a proxy the address is the forwarded one only when the
 *                        proxy is trusted ({@code server.forward-headers-strategy=native} and
 *                        {@code server.tomcat.remoteip.internal-proxies}); otherwise every client counts as the proxy
 * @param pingInterval    a session silent for this long is pinged
 * @param pongTimeout     a pinged session that stays silent this much longer is closed (1001)
 * @param presenceMaxRoomSize PRESENCE goes to the members of the rooms a user shares with at most this many
 *                        members; in larger rooms, one user's connect would otherwise cost a frame to every
 *                        member, and a reconnect wave a frame per member pair (clients there ask for presence)
 * @param writerThreads   threads that write frames to sockets, each owning a share of the sessions; 0 means one
 *                        per available processor
 * @param writerTurn      how long one session's socket may keep its writer waiting (sends of a millisecond or more)
 *                        before the writer turns to its other sessions; the rest is written in the session's next
 *                        turn. A client that reads quickly hardly ever uses it up and gets all that waits for it at
 *                        once; one reading slowly but steadily delays the others of its writer by a turn at a time,
 *                        not by everything waiting for it. Must be positive
 */
@ConfigurationProperties("chat.ws")
public record WsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("10s") Duration initTimeout,
        @DefaultValue("1s") Duration writeStallTimeout,
        @DefaultValue("1MB") DataSize sendBufferLimit,
        @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue("512B") DataSize readBufferSize,
        @DefaultValue("false") boolean perMessageDeflate,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("2s") Duration typingInterval,
        @DefaultValue("50") double rateLimit,
        @DefaultValue("100") int rateBurst,
        @DefaultValue("200") int floodLimit,
        @DefaultValue("true") boolean ratePacing,
        @DefaultValue("20") int maxSessionsPerUser,
        @DefaultValue("2000") int maxPendingSessions,
        @DefaultValue("50") int maxPendingSessionsPerAddress,
        @DefaultValue("30s") Duration pingInterval,
        @DefaultValue("15s") Duration pongTimeout,
        @DefaultValue("100") int presenceMaxRoomSize,
        @DefaultValue("0") int writerThreads,
        @DefaultValue("10ms") Duration writerTurn) {
}
