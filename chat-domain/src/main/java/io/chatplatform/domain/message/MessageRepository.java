package io.chatplatform.domain.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

    Optional<Message> findByIdAndRoomId(Long id, Long roomId);

    @Query("select coalesce(max(m.seq), 0) from Message m where m.roomId = :roomId and m.sentAt < :before")
    long findLastSeqSentBefore(Long roomId, Instant before);

    boolean existsByRoomIdAndSeq(Long roomId, long seq);

    Optional<Message> findByRoomIdAndSenderIdAndClientMsgId(Long roomId, String senderId, String clientMsgId);

    List<Message> findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqAsc(Long roomId, long afterSeq,
            long beforeSeq, Limit limit);

    List<Message> findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqDesc(Long roomId, long afterSeq,
            long beforeSeq, Limit limit);
}
