/**
 * The wire format shared by every endpoint: JSON text frames in ({@code IncomingFrame}, with checked field reads,
 * and {@code FrameType}, which reads a frame into the record a handler receives) and out ({@code ServerFrame},
 * encoded once by {@code FrameCodec}), the session's own frames (INIT, PING and REFRESH in; READY, ERROR, PONG and
 * REFRESHED out) and the application close codes. It knows no socket and no other package of chat-ws, so that the
 * protocol can be read, tested and versioned apart from how connections are kept.
 */
package io.chatplatform.ws.protocol;
