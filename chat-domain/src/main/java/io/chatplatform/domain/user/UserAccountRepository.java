package io.chatplatform.domain.user;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserAccountRepository extends JpaRepository<UserAccount, String> {

    @Query("select u.username from UserAccount u where u.role = :role")
    List<String> findUsernamesByRole(Role role);
}
