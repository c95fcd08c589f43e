package io.chatplatform.domain.user;

import org.springframework.data.jpa.repository.JpaRepository;

interface RevocationRepository extends JpaRepository<Revocation, String> {
}
