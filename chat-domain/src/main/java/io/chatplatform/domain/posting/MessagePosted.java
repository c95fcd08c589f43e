package io.chatplatform.domain.posting;

import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.RoomType;

/**
 * A message was stored. Published after its transaction commits and, within one node, in {@code seq} order per
 * room: listeners may push it to clients as they receive it. {@code membershipVersion} is the room's membership
 * version the message was posted under: its recipients are the members as of that version. {@code roomType} saves
 * listeners that care only about some kinds of room a lookup per message.
 */
public record MessagePosted(MessageView message, long membershipVersion, RoomType roomType) {
}
