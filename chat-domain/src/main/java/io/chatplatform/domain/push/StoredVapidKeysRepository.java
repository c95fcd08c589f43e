package io.chatplatform.domain.push;

import org.springframework.data.jpa.repository.JpaRepository;

interface StoredVapidKeysRepository extends JpaRepository<StoredVapidKeys, Integer> {
}
