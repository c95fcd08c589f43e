package io.chatplatform.domain.posting;

import io.chatplatform.domain.message.MessageView;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Inserts new messages in JDBC batches, in the caller's transaction, and hands out their ids. The message writer
 * stores thousands of messages a second; going through JPA cost it an entity to track, a flush to dirty-check and
 * an insert action per message, for rows it never changes again.
 *
 * <p>Ids come from {@code messages_seq} in blocks: the sequence steps by {@value #ID_BLOCK}, and a value {@code v}
 * taken from it stands for the ids {@code v - 49 .. v} (the convention of Hibernate's pooled optimizer, which
 * allocated them before), so every node, and any id handed out earlier, draws from blocks no one else has.
 */
@Component
class MessageInserts {

    /** The increment of {@code messages_seq} (migration V1). */
    static final int ID_BLOCK = 50;

    private static final String INSERT = "insert into messages (id, room_id, seq, sender_id, client_msg_id, body, "
            + "sent_at, rev, thread_id, attributes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private String nextBlockSql;
    private long nextId;
    private long lastIdOfBlock = -1;

    MessageInserts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new message id, never handed out before on any node. */
    synchronized long nextId() {
        if (nextId > lastIdOfBlock) {
            long top = nextValue();
            if (top < ID_BLOCK) {
                top = nextValue(); // the sequence's first value (1) is the bottom of the first block, not its top
            }
            nextId = top - ID_BLOCK + 1;
            lastIdOfBlock = top;
        }
        return nextId++;
    }

    private long nextValue() {
        if (nextBlockSql == null) {
            String database = jdbc.execute((ConnectionCallback<String>) connection -> connection.getMetaData()
                    .getDatabaseProductName());
            nextBlockSql = "PostgreSQL".equals(database) ? "select nextval('messages_seq')"
                    : "select next value for messages_seq";
        }
        Long value = jdbc.queryForObject(nextBlockSql, Long.class);
        if (value == null) {
            throw new IllegalStateException("messages_seq returned no value");
        }
        return value;
    }

    /** Inserts the messages in one JDBC batch; a repeated (room, sender, clientMsgId) fails the whole batch. */
    void insertAll(List<MessageView> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                MessageView message = messages.get(i);
                statement.setLong(1, message.messageId());
                statement.setLong(2, message.roomId());
                statement.setLong(3, message.seq());
                statement.setString(4, message.senderId());
                statement.setString(5, message.clientMsgId());
                statement.setString(6, message.body());
                statement.setObject(7, message.sentAt().atOffset(ZoneOffset.UTC));
                statement.setLong(8, message.rev());
                statement.setObject(9, message.threadId(), Types.BIGINT);
                statement.setString(10, message.attributes());
            }

            @Override
            public int getBatchSize() {
                return messages.size();
            }
        });
    }
}
