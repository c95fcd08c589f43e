package io.chatplatform.domain.room;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MembershipRepository extends JpaRepository<Membership, MembershipId> {

    List<Membership> findByIdRoomIdOrderByJoinedAtAsc(Long roomId);

    List<Membership> findByIdUserId(String userId);

    long countByIdRoomId(Long roomId);

    @Query("select m.id.userId from Membership m where m.id.roomId = :roomId")
    List<String> findUserIdsByRoomId(Long roomId);

    /** Everyone who shares a room of at most {@code maxRoomSize} members with {@code userId}, themselves included. */
    @Query("select distinct other.id.userId from Membership other where other.id.roomId in ("
            + "select mine.id.roomId from Membership mine where mine.id.userId = :userId and "
            + "(select count(m) from Membership m where m.id.roomId = mine.id.roomId) <= :maxRoomSize)")
    List<String> findContactsOf(String userId, long maxRoomSize);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Membership m where m.id.roomId = :roomId")
    void deleteByRoomId(Long roomId);
}
