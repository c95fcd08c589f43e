package io.chatplatform.ws.chat;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.room.MemberRole;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.ws.protocol.ServerFrame;
import java.time.Instant;

/** The frames {@code /ws/chat} sends. */
final class ChatFrames {

    private ChatFrames() {
    }

    /** The message is durable; sent to the sender's session that sent it. */
    @JsonTypeName("ACK")
    record Ack(Long roomId, String clientMsgId, Long messageId, long seq) implements ServerFrame {
    }

    @JsonTypeName("MESSAGE_UPDATED")
    record MessageUpdated(Long roomId, Long messageId, long seq, String body, Instant editedAt)
            implements ServerFrame {
    }

    @JsonTypeName("MESSAGE_DELETED")
    record MessageDeleted(Long roomId, Long messageId, long seq, Instant deletedAt) implements ServerFrame {
    }

    /** A user came online (first chat session opened) or went offline (last one closed). */
    @JsonTypeName("PRESENCE")
    record Presence(String userId, boolean online) implements ServerFrame {
    }

    /**
     * What changed in a room after the rev a client asked from: {@code changes} is a JSON array of the frames it would
     * have received live, in rev order, already encoded; {@code rev} is where the page leaves it.
     */
    @JsonTypeName("CHANGES")
    record Changes(Long roomId, @JsonRawValue String changes, boolean hasMore, long rev) implements ServerFrame {
    }

    @JsonTypeName("HISTORY")
    record History(Long roomId, @JsonRawValue String messages, boolean hasMore) implements ServerFrame {
    }

    @JsonTypeName("TYPING")
    record Typing(Long roomId, String userId) implements ServerFrame {
    }

    @JsonTypeName("READ")
    record Read(Long roomId, String userId, long seq) implements ServerFrame {
    }

    /** {@code roomType}, not {@code type}: that key names the frame. */
    @JsonTypeName("ROOM_CREATED")
    record RoomCreated(Long roomId, String name, RoomType roomType, String createdBy) implements ServerFrame {
    }

    @JsonTypeName("MEMBER_JOINED")
    record MemberJoined(Long roomId, String userId, MemberRole role) implements ServerFrame {
    }

    @JsonTypeName("MEMBER_UPDATED")
    record MemberUpdated(Long roomId, String userId, MemberRole role) implements ServerFrame {
    }

    @JsonTypeName("MEMBER_LEFT")
    record MemberLeft(Long roomId, String userId) implements ServerFrame {
    }

    @JsonTypeName("ROOM_UPDATED")
    record RoomUpdated(Long roomId, String name) implements ServerFrame {
    }

    @JsonTypeName("ROOM_DELETED")
    record RoomDeleted(Long roomId) implements ServerFrame {
    }
}
