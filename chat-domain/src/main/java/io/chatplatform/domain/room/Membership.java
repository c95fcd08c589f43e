package io.chatplatform.domain.room;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;

/**
 * One user's place in one room. The user needs no local account. The read marker is only ever moved by
 * conditional updates ({@link MembershipRepository#advanceReadMarker}, posting ({@code RoomPosting}),
 * never written back from here.
 */
@Entity
@Table(name = "memberships")
@DynamicUpdate
class Membership {

    @EmbeddedId
    private MembershipId id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MemberRole role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    @Column(name = "last_read_seq", nullable = false)
    private long lastReadSeq;

    protected Membership() {
    }

    Membership(Long roomId, String userId, MemberRole role, Instant joinedAt) {
        this.id = new MembershipId(roomId, userId);
        this.role = role;
        this.joinedAt = joinedAt;
    }

    Long roomId() {
        return id.roomId();
    }

    String userId() {
        return id.userId();
    }

    MemberRole role() {
        return role;
    }

    Instant joinedAt() {
        return joinedAt;
    }

    long lastReadSeq() {
        return lastReadSeq;
    }

    void promoteTo(MemberRole role) {
        this.role = role;
    }

    MemberView view() {
        return new MemberView(userId(), role, joinedAt, lastReadSeq);
    }
}
