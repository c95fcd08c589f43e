package io.chatplatform.domain.change;

/**
 * What a room change is; its name is the type of the frame that reports it to clients, live and in {@code CHANGES}.
 * {@link #MESSAGE} changes are the message rows themselves (posting numbers them); every other kind is a row of
 * {@code room_changes}.
 */
public enum ChangeKind {
    MESSAGE,
    MESSAGE_UPDATED,
    MESSAGE_DELETED,
    REACTION,
    THREAD_UPDATED,
    MEMBER_JOINED,
    MEMBER_LEFT,
    MEMBER_UPDATED,
    ROOM_UPDATED;

    /** Whether the change is about one message ({@code messageId} set), so a newer copy of that message covers it. */
    public boolean aboutMessage() {
        return this == MESSAGE_UPDATED || this == MESSAGE_DELETED || this == REACTION || this == THREAD_UPDATED;
    }
}
