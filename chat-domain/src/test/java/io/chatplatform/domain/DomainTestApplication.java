package io.chatplatform.domain;

import io.chatplatform.domain.crowd.OnlineAdmins;
import io.chatplatform.domain.notification.OnlineUsers;
import java.util.Set;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Boot configuration for the domain's tests; the real application lives in chat-api. The socket layer answers
 * who is online there; here nobody is.
 */
@SpringBootApplication
public class DomainTestApplication {

    @Bean
    OnlineUsers nobodyOnline() {
        return userId -> false;
    }

    @Bean
    OnlineAdmins noAdminsOnline() {
        return Set::of;
    }
}
