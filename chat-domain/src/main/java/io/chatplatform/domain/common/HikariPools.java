package io.chatplatform.domain.common;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The Hikari pool behind a data source, for what sizes itself by the pool or opens connections beside it. */
public final class HikariPools {

    private HikariPools() {
    }

    /** @return the pool, or null when the data source is not (and does not wrap) a Hikari pool */
    public static HikariDataSource of(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
