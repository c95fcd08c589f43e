package io.chatplatform.domain.room;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;

/**
 * A chat room. Its message counter, {@code last_seq}, is advanced by posting ({@code RoomPosting}) under the room's
 * row lock; updates here write only changed columns, so a rename never writes back a {@code last_seq} read before a
 * post.
 */
@Entity
@Table(name = "rooms")
@DynamicUpdate
public class Room {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rooms_seq")
    @SequenceGenerator(name = "rooms_seq", sequenceName = "rooms_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RoomType type;

    @Column(name = "last_seq", nullable = false, updatable = false)
    private long lastSeq;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Changed only by {@code RoomRepository#bumpMembershipVersion}, an atomic SQL increment. */
    @Column(name = "membership_version", insertable = false, updatable = false)
    private long membershipVersion;

    /** Changed only by posting and {@code RoomChangeLog}, under the room's row lock. */
    @Column(name = "last_rev", insertable = false, updatable = false)
    private long lastRev;

    /** For DIRECT rooms, the sorted pair of user ids ({@link #directKey}); the database keeps it unique. */
    @Column(name = "direct_key")
    private String directKey;

    protected Room() {
    }

    Room(String name, RoomType type, String createdBy, Instant createdAt, String directKey) {
        this.name = name;
        this.type = type;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.directKey = directKey;
    }

    /**
     * The key of the one DIRECT room two users share, whichever of them asks: the sorted pair, each id escaped
     * ({@code \\} for a backslash, {@code \|} for a bar) and the two joined by a bare {@code |}. A user id may
     * contain any character, so a plain separator would let two different pairs share a key ({@code a} with
     * {@code b\nc} and {@code a\nb} with {@code c} once did, joined by a newline); escaping keeps one key per pair.
     * Migration V8 rewrote the older keys into this form, with the same escaping in SQL.
     */
    static String directKey(String oneUser, String otherUser) {
        boolean inOrder = oneUser.compareTo(otherUser) <= 0;
        return escape(inOrder ? oneUser : otherUser) + '|' + escape(inOrder ? otherUser : oneUser);
    }

    private static String escape(String userId) {
        return userId.replace("\\", "\\\\").replace("|", "\\|");
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public RoomType getType() {
        return type;
    }

    public long getLastSeq() {
        return lastSeq;
    }

    public long getLastRev() {
        return lastRev;
    }

    public long getMembershipVersion() {
        return membershipVersion;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    void rename(String name) {
        this.name = name;
    }
}
