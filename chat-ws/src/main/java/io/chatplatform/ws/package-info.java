/**
 * The WebSocket side of the chat, in layers that depend one way: {@code protocol} (frames and close codes),
 * {@code session} (connections, and the frame router), {@code delivery} (fan-out, room order, cluster, presence),
 * and the features {@code chat}, {@code notify} and {@code crowd}, which register frame handlers with the router
 * and turn domain events into frames.
 */
package io.chatplatform.ws;
