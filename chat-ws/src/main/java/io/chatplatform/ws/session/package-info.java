/**
 * Sessions of every endpoint: handshake authentication, the pending INIT phase, the per-user registry, frame
 * encoding, and the outbox every outgoing frame waits in until the delivery engine writes it.
 */
package io.chatplatform.ws.session;
