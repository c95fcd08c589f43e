/** A small non-blocking WebSocket client (RFC 6455, text frames) that holds many thousands of sockets on a few threads. */
package io.chatplatform.bench.ws;
