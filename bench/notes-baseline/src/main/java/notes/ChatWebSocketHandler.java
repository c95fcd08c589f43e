package notes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The notes' handler: a static user id -> session map, JSON text frames read with {@code objectMapper.readTree},
 * and {@code broadcastToRoom}, a loop of blocking {@code sendMessage} calls run on the thread that received the
 * SEND (a Tomcat worker). The frames are the subset of the chat protocol chat-bench speaks: READY on connect,
 * PING -> PONG, SEND -> MESSAGE to every member and ACK to the sender.
 *
 * <p>One change to the notes: {@code sendMessage} is wrapped in {@code synchronized (session)}. Several senders'
 * loops reach the same receiver at once, and a WebSocket session allows one writer at a time (Tomcat's endpoint
 * throws "The remote endpoint was in state [TEXT_FULL_WRITING]" or waits, depending on the send); the lock is the
 * fix a user of the notes would reach for first. Nothing else orders the loops: two SENDs to one room broadcast in
 * parallel, so a member may receive seq 6 before seq 5 (chat-bench counts that as out of order).
 */
@Component
public class ChatWebSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatWebSocketHandler.class);
    private static final Map<String, WebSocketSession> sessionMap = new ConcurrentHashMap<>();

    private final ChatService chatService;
    private final ObjectMapper objectMapper;

    public ChatWebSocketHandler(ChatService chatService, ObjectMapper objectMapper) {
        this.chatService = chatService;
        this.objectMapper = objectMapper;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        String userId = (String) session.getAttributes().get("userId");
        sessionMap.put(userId, session);
        log.info("WebSocket connected. sessionId={}, userId={}", session.getId(), userId);
        send(session, objectMapper.writeValueAsString(Map.of("type", "READY", "userId", userId,
                "sessionId", UUID.randomUUID().toString())));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
        JsonNode payload = objectMapper.readTree(message.getPayload());
        String type = payload.get("type").asText();
        String userId = (String) session.getAttributes().get("userId");
        if ("PING".equals(type)) {
            send(session, "{\"type\":\"PONG\"}");
        } else if ("SEND".equals(type)) {
            long roomId = payload.get("roomId").asLong();
            String clientMsgId = payload.get("clientMsgId").asText();
            ChatService.Message posted;
            try {
                posted = chatService.post(roomId, userId, clientMsgId, payload.get("body").asText());
            } catch (IllegalArgumentException e) {
                send(session, objectMapper.writeValueAsString(Map.of("type", "ERROR", "code", "FORBIDDEN",
                        "message", e.getMessage(), "ref", clientMsgId)));
                return;
            }
            broadcastToRoom(roomId, objectMapper.writeValueAsString(posted));
            send(session, objectMapper.writeValueAsString(Map.of("type", "ACK", "roomId", roomId,
                    "clientMsgId", clientMsgId, "messageId", posted.messageId(), "seq", posted.seq())));
        } else {
            send(session, objectMapper.writeValueAsString(Map.of("type", "ERROR", "code", "BAD_REQUEST",
                    "message", "unknown frame type " + type, "ref", type)));
        }
    }

    /** The notes' loop, as written: members from the chat service, their sessions from the map, one send each. */
    public void broadcastToRoom(long roomId, String message) {
        List<String> userIds = chatService.getUserIdsByRoom(roomId);
        for (String userId : userIds) {
            WebSocketSession session = sessionMap.get(userId);
            if (session != null && session.isOpen()) {
                send(session, message);
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        // clientSessionMap에서 제거 (userId 기반이므로 반복 탐색 필요)
        sessionMap.entrySet().removeIf(entry -> entry.getValue().getId().equals(session.getId()));
        log.info("WebSocket disconnected. sessionId={}", session.getId());
    }

    private static void send(WebSocketSession session, String message) {
        try {
            synchronized (session) {
                session.sendMessage(new TextMessage(message));
            }
        } catch (IOException e) {
            log.error("WebSocket 메시지 전송 실패", e);
        }
    }
}
