/**
 * Rooms: their life ({@link io.chatplatform.domain.room.RoomService}), who is in them
 * ({@link io.chatplatform.domain.room.MembershipService}), who may see and act in them
 * ({@link io.chatplatform.domain.room.RoomAccess}) and how far each member has read
 * ({@link io.chatplatform.domain.room.ReadMarkerService}).
 */
package io.chatplatform.domain.room;
