package io.chatplatform.domain;

import io.chatplatform.domain.crowd.OnlineAdmins;
import io.chatplatform.domain.notification.OnlineUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Boot configuration for the domain's tests; the real application lives in chat-api. The socket layer answers
 * who is online there; here nobody is. The application's actuator provides the meter registry there.
 */
@SpringBootApplication
public class DomainTestApplication {

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    OnlineUsers nobodyOnline() {
        return userId -> false;
    }

    @Bean
    OnlineAdmins noAdminsOnline() {
        return Set::of;
    }
}
