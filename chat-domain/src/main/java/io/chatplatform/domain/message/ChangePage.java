package io.chatplatform.domain.message;

import io.chatplatform.domain.change.RoomChange;
import java.util.List;

/**
 * A page of a room's changes after some rev, in rev order: each entry is either a message (a MESSAGE change, as the
 * message is now) or a logged change. {@code rev} is where the page leaves the reader: the last entry's rev when
 * {@code hasMore}, else the room's rev when the page was read. Revs may be skipped where a newer copy of a message
 * in the same page already shows what a change did to it.
 */
public record ChangePage(List<Entry> changes, boolean hasMore, long rev) {

    /** One change: exactly one of {@code message} and {@code change} is set. */
    public record Entry(long rev, MessageView message, RoomChange change) {

        public static Entry of(MessageView message) {
            return new Entry(message.rev(), message, null);
        }

        public static Entry of(RoomChange change) {
            return new Entry(change.rev(), null, change);
        }
    }
}
