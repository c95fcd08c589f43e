package io.chatplatform.domain.room;

/** A GROUP room has any number of members; a DIRECT room is a conversation between exactly two users. */
public enum RoomType {
    GROUP,
    DIRECT
}
