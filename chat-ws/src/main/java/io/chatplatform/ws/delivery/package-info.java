/**
 * The delivery engine: the one fan-out entry point ({@link io.chatplatform.ws.delivery.Fanout}) and the writer
 * threads that own the sessions' sockets, write their frames with blocking sends and coalesce what waits.
 */
package io.chatplatform.ws.delivery;
