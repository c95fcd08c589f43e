/**
 * Getting frames out to many sessions. The delivery engine: the one fan-out entry point
 * ({@link io.chatplatform.ws.delivery.Fanout}, its guarantees on its javadoc) and the writer threads that own the
 * sessions' sockets, write their frames with blocking sends and coalesce what waits ({@code SessionWriters}). Above
 * it, the {@code Broadcaster} (to users, roles, everyone, on this node and through the {@code ClusterBus} on the
 * others), a room's ordering lanes and seq order ({@code RoomDelivery}, {@code RoomSequencer}), member snapshots
 * ({@code RoomMembers}) and presence. The single-node implementations live here; the Redis ones, for cluster mode,
 * in {@code delivery.redis}.
 */
package io.chatplatform.ws.delivery;
