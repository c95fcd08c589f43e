package io.chatplatform.api.ops;

import io.chatplatform.domain.common.DatabaseProbe;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The database's timeouts ({@link DatabaseTimeouts}) and its bounded health check ({@link DatabaseHealth}). */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean
    static DatabaseTimeouts databaseTimeouts(Environment environment) {
        return new DatabaseTimeouts(environment);
    }

    /** Named so that it replaces Spring Boot's own {@code db} check, which has no bound of its own. */
    @Bean
    HealthIndicator dbHealthIndicator(DatabaseProbe probe, Environment environment) {
        return new DatabaseHealth(probe, DatabaseTimeouts.properties(environment).healthTimeout());
    }
}
