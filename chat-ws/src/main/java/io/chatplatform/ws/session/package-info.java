/**
 * The connection's state machine, one {@code SessionHandler} per endpoint: the transport (partial frames, the
 * per-session outbox every outgoing frame waits in until the delivery engine writes it, heartbeats), admission (pending-INIT caps, rate limits, sessions per
 * user), authentication (at the handshake or by INIT, REFRESH) and the registry of open sessions. Everything else
 * a frame means belongs to a feature package, which registers its handlers per endpoint and frame type with the
 * {@code FrameRouter}; this package knows no feature and nothing of delivery.
 */
package io.chatplatform.ws.session;
