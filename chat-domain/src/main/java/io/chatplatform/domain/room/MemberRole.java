package io.chatplatform.domain.room;

/** A member's role within one room, from most to least powerful. */
public enum MemberRole {
    OWNER,
    ADMIN,
    MEMBER;

    boolean canAdminister() {
        return this == OWNER || this == ADMIN;
    }
}
