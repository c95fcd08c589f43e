package io.chatplatform.domain;

import java.time.Clock;
import io.chatplatform.domain.common.MicrosecondClock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring the domain needs from its host application. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class DomainConfiguration {

    /**
     * Ticks in microseconds, the precision both H2 and PostgreSQL store, so a timestamp reads back exactly as it
     * was first sent to clients.
     */
    @Bean
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }
}
