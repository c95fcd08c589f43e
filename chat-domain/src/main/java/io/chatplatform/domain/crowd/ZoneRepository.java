package io.chatplatform.domain.crowd;

import org.springframework.data.jpa.repository.JpaRepository;

interface ZoneRepository extends JpaRepository<Zone, Long> {
}
