package io.chatplatform.domain.room;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MembershipRepository extends JpaRepository<Membership, MembershipId> {

    List<Membership> findByIdRoomIdOrderByJoinedAtAsc(Long roomId);

    List<Membership> findByIdUserId(String userId);

    @Query("select m.id.userId from Membership m where m.id.roomId = :roomId")
    List<String> findUserIdsByRoomId(Long roomId);

    /** Everyone who shares at least one room with {@code userId}, {@code userId} included. */
    @Query("select distinct other.id.userId from Membership mine, Membership other "
            + "where mine.id.userId = :userId and other.id.roomId = mine.id.roomId")
    List<String> findContactsOf(String userId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Membership m where m.id.roomId = :roomId")
    void deleteByRoomId(Long roomId);
}
