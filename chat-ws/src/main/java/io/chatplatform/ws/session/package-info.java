/**
 * Sessions of every endpoint: handshake authentication, the pending INIT phase, the per-user registry, frame
 * encoding, and the non-blocking per-session send queue every outgoing frame goes through.
 */
package io.chatplatform.ws.session;
