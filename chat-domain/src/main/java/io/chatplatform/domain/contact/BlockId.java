package io.chatplatform.domain.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
record BlockId(@Column(name = "blocker_id") String blockerId, @Column(name = "blocked_id") String blockedId) {
}
