package io.chatplatform.domain.room;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Rooms. {@link #findByIdForUpdate} takes the row lock that numbers a room's messages. */
interface RoomRepository extends JpaRepository<Room, Long> {

    Optional<Room> findByDirectKey(String directKey);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Room r where r.id = :id")
    Optional<Room> findByIdForUpdate(Long id);
}
