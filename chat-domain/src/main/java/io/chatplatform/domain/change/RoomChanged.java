package io.chatplatform.domain.change;

/**
 * A change was logged; published in its transaction, for listeners that act after the commit. Its audience is the
 * room's members as of {@code membershipVersion} (at least), and also {@code alsoTo} when set: the member who just
 * left, who is no longer among them but must hear of it.
 */
public record RoomChanged(RoomChange change, long membershipVersion, String alsoTo) {

    /** No particular membership version: the members as the listener knows them. */
    public static final long ANY_VERSION = Long.MIN_VALUE;
}
