package io.chatplatform.domain;

import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring the domain needs from its host application. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class DomainConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
