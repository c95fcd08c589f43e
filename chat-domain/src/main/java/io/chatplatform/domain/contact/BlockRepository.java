package io.chatplatform.domain.contact;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface BlockRepository extends JpaRepository<Block, BlockId> {

    @Query("select b from Block b where b.id.blockerId = :blockerId order by b.createdAt desc, b.id.blockedId")
    List<Block> findByBlocker(String blockerId);

    long countByIdBlockerId(String blockerId);

    @Query("select b.id.blockedId from Block b where b.id.blockerId = :blockerId")
    List<String> findBlockedIds(String blockerId);

    @Query("select b.id.blockerId from Block b where b.id.blockedId = :blockedId")
    List<String> findBlockerIds(String blockedId);

    @Query("select b.id.blockerId from Block b where b.id.blockedId = :blockedId and b.id.blockerId in :candidates")
    List<String> findBlockerIdsAmong(String blockedId, Collection<String> candidates);

    @Query("select count(b) > 0 from Block b where (b.id.blockerId = :one and b.id.blockedId = :other) "
            + "or (b.id.blockerId = :other and b.id.blockedId = :one)")
    boolean existsEitherWay(String one, String other);

    @Query("select count(b) > 0 from Block b where b.id.blockerId in :userIds and b.id.blockedId in :userIds")
    boolean existsAmong(Collection<String> userIds);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Block b where b.id.blockerId = :blockerId")
    void deleteByBlocker(String blockerId);
}
