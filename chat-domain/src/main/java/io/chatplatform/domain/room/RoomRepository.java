package io.chatplatform.domain.room;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Rooms. Posting locks and numbers them with plain JDBC ({@code io.chatplatform.domain.posting}). */
interface RoomRepository extends JpaRepository<Room, Long> {

    /** The id alone: the room itself is read under its lock. */
    @Query("select r.id from Room r where r.directKey = :directKey")
    Optional<Long> findIdByDirectKey(String directKey);

    /** Takes the room's row lock, as posting does, so a message is numbered either before or after the change. */
    @Modifying
    @Query(value = "update rooms set membership_version = membership_version + 1 where id = :id", nativeQuery = true)
    int bumpMembershipVersion(Long id);

    /**
     * Bumps the membership version of the DIRECT room two users share, if any, without changing its members: the
     * room is closed to them, and posting ({@code RoomPosting}) must forget who it remembered may post there.
     */
    @Modifying
    @Query(value = "update rooms set membership_version = membership_version + 1 where type = 'DIRECT' and id in ("
            + "select one.room_id from memberships one join memberships other on other.room_id = one.room_id "
            + "where one.user_id = :oneUserId and other.user_id = :otherUserId)", nativeQuery = true)
    int bumpDirectRoomOf(String oneUserId, String otherUserId);

    /** Takes the room's row lock until the transaction ends, before counting its members. */
    @Query(value = "select id from rooms where id = :id for update", nativeQuery = true)
    Long lockById(Long id);

    /** Rooms a user created that still exist, whatever became of their membership. */
    long countByCreatedBy(String createdBy);

    @Query("select r.membershipVersion from Room r where r.id = :id")
    long findMembershipVersion(Long id);

    /** Marks a membership change; returns the room's new membership version. */
    default long nextMembershipVersion(Long id) {
        bumpMembershipVersion(id);
        return findMembershipVersion(id);
    }

    @Query("select r.id, r.lastSeq from Room r where r.id in :ids")
    List<Object[]> findLastSeqs(Collection<Long> ids);
}
