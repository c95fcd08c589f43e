package io.chatplatform.domain.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

    Optional<Message> findByIdAndRoomId(Long id, Long roomId);

    /**
     * Changes the body of a message that is not deleted, in one statement: it takes the row lock and tests
     * {@code deleted_at} under it, so an edit racing a delete either lands before the delete or changes nothing.
     *
     * @return 1 when edited, 0 when the message is deleted (or gone)
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Message m set m.body = :body, m.editedAt = :at where m.id = :id and m.deletedAt is null")
    int editUnlessDeleted(Long id, String body, Instant at);

    /**
     * Turns a message into a tombstone: the row, and so its seq, stays; what it said is forgotten, its body and its
     * attributes both.
     *
     * @return 1 when this call deleted it, 0 when it was already deleted (or is gone)
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Message m set m.body = '', m.attributes = null, m.deletedAt = :at "
            + "where m.id = :id and m.deletedAt is null")
    int deleteUnlessDeleted(Long id, Instant at);

    boolean existsByRoomIdAndSeq(Long roomId, long seq);

    Optional<Message> findByRoomIdAndSenderIdAndClientMsgId(Long roomId, String senderId, String clientMsgId);

    List<Message> findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqAsc(Long roomId, long afterSeq,
            long beforeSeq, Limit limit);
}
