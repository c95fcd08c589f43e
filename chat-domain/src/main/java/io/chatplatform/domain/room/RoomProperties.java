package io.chatplatform.domain.room;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.rooms.*}: how large rooms may grow and how many one user may make.
 *
 * @param maxMembers      members one room may hold, its creator included: creating a larger room is refused with
 *                        BAD_REQUEST, adding to a full one with CONFLICT. Every message fans out to every member
 * @param maxCreatedRooms rooms, GROUP and DIRECT, that one user may have created and that still exist: deleting one
 *                        frees a place, leaving one does not (a room passed on to others was still made by its
 *                        creator). A platform ADMIN is not bound
 */
@ConfigurationProperties("chat.rooms")
public record RoomProperties(
        @DefaultValue("1000") int maxMembers,
        @DefaultValue("500") int maxCreatedRooms) {

    public RoomProperties {
        if (maxMembers < 2) {
            throw new IllegalArgumentException("chat.rooms.max-members must be at least 2 (a DIRECT room has two)");
        }
        if (maxCreatedRooms < 1) {
            throw new IllegalArgumentException("chat.rooms.max-created-rooms must be positive");
        }
    }
}
