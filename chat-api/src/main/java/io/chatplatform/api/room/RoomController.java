package io.chatplatform.api.room;

import io.chatplatform.api.ratelimit.RateLimit;
import io.chatplatform.api.ratelimit.RateLimits;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.ReactionService;
import io.chatplatform.domain.message.ThreadPage;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.MemberRole;
import io.chatplatform.domain.room.MemberView;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.room.RoomView;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.chat.HistoryPages;
import io.chatplatform.ws.chat.MessageFrame;
import io.chatplatform.ws.delivery.Presence;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Rooms, their members, presence and history. The rules live in the domain services; this only translates. */
@RestController
@RequestMapping("/api/rooms")
class RoomController {

    private final RoomService rooms;
    private final MembershipService memberships;
    private final MessageService messages;
    private final Presence presence;
    private final RateLimits limits;
    private final BlockService blocks;
    private final HistoryPages historyPages;
    private final ReactionService reactions;

    RoomController(RoomService rooms, MembershipService memberships, MessageService messages, Presence presence,
            RateLimits limits, BlockService blocks, HistoryPages historyPages, ReactionService reactions) {
        this.reactions = reactions;
        this.rooms = rooms;
        this.memberships = memberships;
        this.messages = messages;
        this.presence = presence;
        this.limits = limits;
        this.blocks = blocks;
        this.historyPages = historyPages;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "the room, created; Location: /api/rooms/{id}")
    ResponseEntity<RoomView> create(Actor caller, @Valid @RequestBody NewRoom body) {
        limits.consume(RateLimit.ROOM_CREATE_PER_USER, caller.userId());
        RoomView room = rooms.create(caller, new CreateRoom(body.name(), body.type(), body.members()));
        return ResponseEntity.created(URI.create("/api/rooms/" + room.id())).body(room);
    }

    @GetMapping
    List<RoomView> mine(Actor caller) {
        return rooms.roomsOf(caller);
    }

    @GetMapping("/{roomId}")
    RoomView get(Actor caller, @PathVariable Long roomId) {
        return rooms.get(caller, roomId);
    }

    @PatchMapping("/{roomId}")
    RoomView rename(Actor caller, @PathVariable Long roomId, @Valid @RequestBody RoomPatch body) {
        return rooms.rename(caller, roomId, body.name());
    }

    @DeleteMapping("/{roomId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor caller, @PathVariable Long roomId) {
        rooms.delete(caller, roomId);
    }

    @GetMapping("/{roomId}/members")
    List<MemberView> members(Actor caller, @PathVariable Long roomId) {
        return memberships.members(caller, roomId);
    }

    @PostMapping("/{roomId}/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberView addMember(Actor caller, @PathVariable Long roomId, @Valid @RequestBody NewMember body) {
        limits.consume(RateLimit.MEMBER_ADD_PER_USER, caller.userId());
        return memberships.addMember(caller, roomId, body.userId(), body.role());
    }

    @DeleteMapping("/{roomId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(Actor caller, @PathVariable Long roomId, @PathVariable String userId) {
        memberships.removeMember(caller, roomId, userId);
    }

    @PostMapping("/direct")
    @ApiResponse(responseCode = "200", description = "the pair's room, which already existed")
    @ApiResponse(responseCode = "201", description = "the pair's room, created; Location: /api/rooms/{id}")
    ResponseEntity<RoomView> direct(Actor caller, @Valid @RequestBody DirectRoom body) {
        limits.consume(RateLimit.ROOM_CREATE_PER_USER, caller.userId());
        RoomService.Opened opened = rooms.direct(caller, body.userId());
        return opened.created()
                ? ResponseEntity.created(URI.create("/api/rooms/" + opened.room().id())).body(opened.room())
                : ResponseEntity.ok(opened.room());
    }

    /** Members who blocked the caller are left out, as their PRESENCE frames are. */
    @GetMapping("/{roomId}/presence")
    RoomPresence presence(Actor caller, @PathVariable Long roomId) {
        List<String> memberIds = memberships.members(caller, roomId).stream().map(MemberView::userId).toList();
        List<String> online = new ArrayList<>(presence.onlineAmong(memberIds));
        online.removeAll(blocks.blockersAmong(caller.userId(), online));
        return new RoomPresence(roomId, online);
    }

    /**
     * Messages in ascending seq, each shaped like a MESSAGE frame; see {@link MessageService#history}. Cut like
     * SYNC's pages ({@link HistoryPages}), so no response runs to megabytes however large the bodies. Thread replies
     * are included unless {@code replies=false}, which reads the main timeline only.
     */
    @GetMapping("/{roomId}/messages")
    HistoryPage history(Actor caller, @PathVariable Long roomId, @RequestParam(required = false) Long afterSeq,
            @RequestParam(required = false) Long beforeSeq, @RequestParam(required = false) Integer limit,
            @RequestParam(defaultValue = "true") boolean replies) {
        MessagePage page = messages.history(caller, roomId, afterSeq, beforeSeq, limit, replies);
        HistoryPages.Page fitted = historyPages.fit(page, afterSeq != null);
        return new HistoryPage(fitted.messages(), fitted.hasMore());
    }

    /**
     * A thread's root (as it is now, with its summary) and its replies after {@code afterSeq} in ascending seq, cut
     * like history pages; see {@link MessageService#thread}.
     */
    @GetMapping("/{roomId}/messages/{messageId}/thread")
    ThreadHistory thread(Actor caller, @PathVariable Long roomId, @PathVariable Long messageId,
            @RequestParam(required = false) Long afterSeq, @RequestParam(required = false) Integer limit) {
        ThreadPage thread = messages.thread(caller, roomId, messageId, afterSeq, limit);
        HistoryPages.Page fitted = historyPages.fit(thread.replies(), true);
        return new ThreadHistory(MessageFrame.of(thread.root()), fitted.messages(), fitted.hasMore());
    }

    @PatchMapping("/{roomId}/messages/{messageId}")
    MessageFrame edit(Actor caller, @PathVariable Long roomId, @PathVariable Long messageId,
            @Valid @RequestBody MessagePatch body) {
        return MessageFrame.of(messages.edit(caller, roomId, messageId, body.body()));
    }

    @DeleteMapping("/{roomId}/messages/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteMessage(Actor caller, @PathVariable Long roomId, @PathVariable Long messageId) {
        messages.delete(caller, roomId, messageId);
    }

    /** Same as the REACT frame; idempotent, like PUT: reacting again changes nothing and sends nothing. */
    @PutMapping("/{roomId}/messages/{messageId}/reactions/{emoji}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void react(Actor caller, @PathVariable Long roomId, @PathVariable Long messageId, @PathVariable String emoji) {
        reactions.react(caller, roomId, messageId, emoji);
    }

    /** Same as the UNREACT frame; taking back a reaction that is not there changes nothing. */
    @DeleteMapping("/{roomId}/messages/{messageId}/reactions/{emoji}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unreact(Actor caller, @PathVariable Long roomId, @PathVariable Long messageId, @PathVariable String emoji) {
        reactions.unreact(caller, roomId, messageId, emoji);
    }

    record NewRoom(@NotBlank String name, @NotNull RoomType type,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) String> members) {
    }

    record RoomPatch(@NotBlank String name) {
    }

    record NewMember(@NotBlank @Size(max = 128) String userId, MemberRole role) {
    }

    record DirectRoom(@NotBlank @Size(max = 128) String userId) {
    }

    record MessagePatch(@NotNull String body) {
    }

    record HistoryPage(List<MessageFrame> messages, boolean hasMore) {
    }

    /** A history page with the thread's root beside it. */
    record ThreadHistory(MessageFrame root, List<MessageFrame> messages, boolean hasMore) {
    }

    record RoomPresence(Long roomId, List<String> online) {
    }
}
