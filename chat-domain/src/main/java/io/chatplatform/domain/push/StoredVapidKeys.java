package io.chatplatform.domain.push;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The generated VAPID key pair every node shares when none is configured (one row, id 1). */
@Entity
@Table(name = "push_vapid_keys")
class StoredVapidKeys {

    static final int ID = 1;

    @Id
    private Integer id;

    @Column(name = "public_key", nullable = false, length = 128)
    private String publicKey;

    @Column(name = "private_key", nullable = false, length = 128)
    private String privateKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredVapidKeys() {
    }

    StoredVapidKeys(String publicKey, String privateKey, Instant createdAt) {
        this.id = ID;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.createdAt = createdAt;
    }

    String publicKey() {
        return publicKey;
    }

    String privateKey() {
        return privateKey;
    }
}
