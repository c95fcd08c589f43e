package notes;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two REST calls chat-bench makes (CONTRACT.md): create a room with members, add a member. The notes have no
 * REST layer; this is the plainest one that fills the chatService the handler reads.
 */
@RestController
public class RoomController {

    record CreateRoom(String name, String type, List<String> members) {
    }

    record AddMember(String userId) {
    }

    private final ChatService chatService;
    private final JwtProvider jwtProvider;

    public RoomController(ChatService chatService, JwtProvider jwtProvider) {
        this.chatService = chatService;
        this.jwtProvider = jwtProvider;
    }

    @PostMapping("/api/rooms")
    public ResponseEntity<Object> create(@RequestHeader(value = "Authorization", required = false) String token,
            @RequestBody CreateRoom body) {
        String userId = caller(token);
        if (userId == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        ChatService.Room room = chatService.createRoom(body.name(), userId,
                body.members() == null ? List.of() : body.members());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", room.id(), "name", room.name(),
                "type", "GROUP", "createdBy", room.createdBy(), "lastSeq", room.seq().get()));
    }

    @PostMapping("/api/rooms/{roomId}/members")
    public ResponseEntity<Object> join(@RequestHeader(value = "Authorization", required = false) String token,
            @PathVariable long roomId, @RequestBody AddMember body) {
        String userId = caller(token);
        ChatService.Room room = chatService.room(roomId);
        if (userId == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        if (room == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        if (!room.createdBy().equals(userId)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        if (!room.members().add(body.userId())) {
            return ResponseEntity.status(HttpStatus.CONFLICT).build();
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userId", body.userId(), "role", "MEMBER"));
    }

    private String caller(String token) {
        try {
            return jwtProvider.extractUserId(token);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
