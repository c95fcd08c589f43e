package notes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * The notes' {@code chatService}: "어떤 채팅방에 누가 참여하고 있나?" answered from memory. Rooms and their members live
 * in maps; a posted message gets the room's next seq and is kept nowhere (nothing reads history in the bench).
 */
@Service
public class ChatService {

    public record Room(long id, String name, String createdBy, Set<String> members, AtomicLong seq) {
    }

    public record Message(String type, long roomId, long messageId, long seq, String senderId, String clientMsgId,
            String body, String sentAt) {
    }

    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong nextRoomId = new AtomicLong(1);
    private final AtomicLong nextMessageId = new AtomicLong(1);

    public Room createRoom(String name, String createdBy, List<String> members) {
        Set<String> all = ConcurrentHashMap.newKeySet();
        all.add(createdBy);
        all.addAll(members);
        Room room = new Room(nextRoomId.getAndIncrement(), name, createdBy, all, new AtomicLong());
        rooms.put(room.id(), room);
        return room;
    }

    public Room room(long roomId) {
        return rooms.get(roomId);
    }

    public List<String> getUserIdsByRoom(long roomId) {
        Room room = rooms.get(roomId);
        return room == null ? List.of() : new ArrayList<>(room.members());
    }

    /** @throws IllegalArgumentException when the room does not exist or the sender is not a member */
    public Message post(long roomId, String senderId, String clientMsgId, String body) {
        Room room = rooms.get(roomId);
        if (room == null || !room.members().contains(senderId)) {
            throw new IllegalArgumentException("not a member of room " + roomId);
        }
        return new Message("MESSAGE", roomId, nextMessageId.getAndIncrement(), room.seq().incrementAndGet(),
                senderId, clientMsgId, body, Instant.now().toString());
    }
}
