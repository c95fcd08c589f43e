package io.chatplatform.api.ops;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Puts the {@link DatabaseProperties} bounds on a PostgreSQL connection pool before it opens its first connection:
 * the driver's connect, login and socket timeouts, the server's {@code statement_timeout}, and the pool's own waits.
 * Without them a stalled database (one that accepts and never answers) holds every thread that touches it for as
 * long as the operating system keeps a silent TCP connection: minutes.
 */
class DatabaseTimeouts implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTimeouts.class);

    private final Environment environment;

    DatabaseTimeouts(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            apply(pool, properties(environment));
        }
        return bean;
    }

    static DatabaseProperties properties(Environment environment) {
        return Binder.get(environment).bindOrCreate(DatabaseProperties.PREFIX, DatabaseProperties.class);
    }

    private static void apply(HikariDataSource pool, DatabaseProperties timeouts) {
        pool.addDataSourceProperty("connectTimeout", seconds(timeouts.connectTimeout().toMillis()));
        pool.addDataSourceProperty("loginTimeout", seconds(timeouts.connectTimeout().toMillis()));
        pool.addDataSourceProperty("socketTimeout", seconds(timeouts.socketTimeout().toMillis()));
        pool.addDataSourceProperty("options", "-c statement_timeout=" + timeouts.statementTimeout().toMillis());
        pool.setConnectionTimeout(timeouts.poolTimeout().toMillis());
        pool.setValidationTimeout(timeouts.validationTimeout().toMillis());
        log.info("PostgreSQL timeouts: connect {}, socket {}, statement {}, pool {}, validation {}",
                timeouts.connectTimeout(), timeouts.socketTimeout(), timeouts.statementTimeout(),
                timeouts.poolTimeout(), timeouts.validationTimeout());
    }

    /** The driver counts in whole seconds; anything shorter than one would turn the bound off (0). */
    private static String seconds(long millis) {
        return Long.toString(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(millis + 999)));
    }
}
