package io.chatplatform.domain.push;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * The generated VAPID key pair every node shares when none is configured (one row, id 1). A new one is always
 * INSERTed ({@link Persistable#isNew}), never merged: a node that lost the race to store its pair must fail on the
 * key, not overwrite the winner's pair that browsers may already have subscribed with.
 */
@Entity
@Table(name = "push_vapid_keys")
class StoredVapidKeys implements Persistable<Integer> {

    static final int ID = 1;

    @Id
    private Integer id;

    @Column(name = "public_key", nullable = false, length = 128)
    private String publicKey;

    @Column(name = "private_key", nullable = false, length = 128)
    private String privateKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Transient
    private boolean fresh;

    protected StoredVapidKeys() {
    }

    StoredVapidKeys(String publicKey, String privateKey, Instant createdAt) {
        this.id = ID;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.createdAt = createdAt;
        this.fresh = true;
    }

    @Override
    public Integer getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    String publicKey() {
        return publicKey;
    }

    String privateKey() {
        return privateKey;
    }
}
