package io.chatplatform.domain.contact;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One user has blocked another. Neither needs a local account. */
@Entity
@Table(name = "user_blocks")
class Block {

    @EmbeddedId
    private BlockId id;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Block() {
    }

    Block(String blockerId, String blockedId, Instant createdAt) {
        this.id = new BlockId(blockerId, blockedId);
        this.createdAt = createdAt;
    }

    BlockView view() {
        return new BlockView(id.blockedId(), createdAt);
    }
}
