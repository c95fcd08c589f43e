/**
 * Getting frames out to many sessions: the {@code Broadcaster} (to users, roles, everyone, on this node and
 * through the {@code ClusterBus} on the others), a room's delivery lanes and seq order ({@code RoomDelivery},
 * {@code RoomSequencer}), member snapshots ({@code RoomMembers}) and presence. The single-node implementations
 * live here; the Redis ones, for cluster mode, in {@code delivery.redis}.
 */
package io.chatplatform.ws.delivery;
