package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void capLeavesATenthOfTheLimitForOtherFiles() {
        assertThat(ConnectionLimits.forOpenFileLimit(20_000)).isEqualTo(new ConnectionLimits(18_000, 4096));
        assertThat(ConnectionLimits.forOpenFileLimit(65_536).maxConnections()).isEqualTo(58_983);
        assertThat(ConnectionLimits.forOpenFileLimit(1_048_576).maxConnections()).isEqualTo(943_719);
    }

    @Test
    void aSmallLimitKeepsAtLeastAFixedHeadroomAndAQueueOfAHundred() {
        assertThat(ConnectionLimits.forOpenFileLimit(1024)).isEqualTo(new ConnectionLimits(768, 192));
        assertThat(ConnectionLimits.forOpenFileLimit(300)).isEqualTo(new ConnectionLimits(44, 100));
        assertThat(ConnectionLimits.forOpenFileLimit(100).maxConnections()).isEqualTo(1);
    }

    @Test
    void fifteenThousandIdleSocketsNeedALimitOfAboutSeventeenThousand() {
        assertThat(ConnectionLimits.forOpenFileLimit(16_667).maxConnections()).isGreaterThanOrEqualTo(15_000);
        assertThat(ConnectionLimits.forOpenFileLimit(16_000).maxConnections()).isLessThan(15_000);
    }

    @Test
    void warnsWhenTheConfiguredCapExceedsWhatTheLimitSupports() {
        assertThat(ConnectionLimits.warning(20_000, 50_000)).hasValueSatisfying(warning -> assertThat(warning)
                .contains("server.tomcat.max-connections is 50000", "18000", "ulimit -n", "LimitNOFILE",
                        "nofile"));
        assertThat(ConnectionLimits.warning(20_000, 10_000)).isEmpty();
    }

    @Test
    void warnsWhenTheDerivedCapIsBelowWhatAPlainStartIsSizedFor() {
        assertThat(ConnectionLimits.warning(1024, null)).hasValueSatisfying(warning -> assertThat(warning)
                .contains("only 768", "15000", "ulimit -n"));
        assertThat(ConnectionLimits.warning(16_000, null)).as("above Tomcat's 8,192, still short of 15,000")
                .hasValueSatisfying(warning -> assertThat(warning).contains("only 14400"));
        assertThat(ConnectionLimits.warning(16_667, null)).isEmpty();
        assertThat(ConnectionLimits.warning(65_536, null)).isEmpty();
    }
}
