package io.chatplatform.domain.room;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Rooms. Posting locks and numbers them in {@link RoomPosting}. */
interface RoomRepository extends JpaRepository<Room, Long> {

    Optional<Room> findByDirectKey(String directKey);

    /** Takes the room's row lock, as posting does, so a message is numbered either before or after the change. */
    @Modifying
    @Query(value = "update rooms set membership_version = membership_version + 1 where id = :id", nativeQuery = true)
    int bumpMembershipVersion(Long id);

    @Query("select r.membershipVersion from Room r where r.id = :id")
    long findMembershipVersion(Long id);

    /** The member list and the version it belongs to, read in one statement so they agree. */
    @Query("select r.membershipVersion, m.id.userId from Room r left join Membership m on m.id.roomId = r.id "
            + "where r.id = :id")
    List<Object[]> findMembershipSnapshot(Long id);
}
