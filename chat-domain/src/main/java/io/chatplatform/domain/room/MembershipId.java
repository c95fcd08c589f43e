package io.chatplatform.domain.room;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
record MembershipId(@Column(name = "room_id") Long roomId, @Column(name = "user_id") String userId) {
}
