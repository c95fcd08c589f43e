package io.chatplatform.domain.message;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface MessageRepository extends JpaRepository<Message, Long> {

    Optional<Message> findByIdAndRoomId(Long id, Long roomId);

    Optional<Message> findByRoomIdAndSenderIdAndClientMsgId(Long roomId, String senderId, String clientMsgId);

    List<Message> findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqAsc(Long roomId, long afterSeq,
            long beforeSeq, Limit limit);

    List<Message> findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqDesc(Long roomId, long afterSeq,
            long beforeSeq, Limit limit);
}
