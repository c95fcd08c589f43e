package io.chatplatform.domain.room;

import java.util.List;

/** What it takes to open a room: the caller becomes OWNER, the listed users MEMBERs. */
public record CreateRoom(String name, RoomType type, List<String> members) {
}
