package io.chatplatform.domain.room;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MembershipRepository extends JpaRepository<Membership, MembershipId> {

    List<Membership> findByIdRoomIdOrderByJoinedAtAsc(Long roomId);

    List<Membership> findByIdUserId(String userId);

    long countByIdRoomId(Long roomId);

    @Query("select m.id.userId from Membership m where m.id.roomId = :roomId")
    List<String> findUserIdsByRoomId(Long roomId);

    /** (userId, roomId) of every membership of these users. */
    @Query("select m.id.userId, m.id.roomId from Membership m where m.id.userId in :userIds")
    List<Object[]> findRoomIdsByUserIds(Collection<String> userIds);

    /**
     * Moves a read marker forward, never back, in one statement: the comparison is made under the row lock, so
     * two devices reading at once, or a read racing the member's own post, leave the further marker.
     *
     * @return 1 when the marker moved, 0 when it was already at or past {@code seq} (or the member is gone)
     */
    @Modifying
    @Query("update Membership m set m.lastReadSeq = :seq "
            + "where m.id.roomId = :roomId and m.id.userId = :userId and m.lastReadSeq < :seq")
    int advanceReadMarker(Long roomId, String userId, long seq);

    @Query("select m.lastReadSeq from Membership m where m.id.roomId = :roomId and m.id.userId = :userId")
    Optional<Long> findReadMarker(Long roomId, String userId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Membership m where m.id.roomId = :roomId")
    void deleteByRoomId(Long roomId);
}
