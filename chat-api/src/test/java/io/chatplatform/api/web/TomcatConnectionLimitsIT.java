package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The connection cap and accept queue of the running server's Tomcat connector: derived from this process's
 * open-file limit when nothing is configured, as configured otherwise, and a configured cap the limit cannot serve
 * warned about at start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TomcatConnectionLimitsIT {

    static AbstractProtocol<?> connector(WebServerApplicationContext context) {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        return (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
    }

    @Nested
    class Unconfigured {

        @Autowired
        WebServerApplicationContext context;

        @Test
        void capAndQueueFollowTheOpenFileLimit() {
            long limit = TomcatConnectionLimits.openFileLimit();
            assumeThat(limit).as("a Unix JVM reports its open-file limit").isPositive();
            ConnectionLimits derived = ConnectionLimits.forOpenFileLimit(limit);
            AbstractProtocol<?> protocol = connector(context);

            assertThat(protocol.getMaxConnections()).as("cap from open-file limit %d", limit)
                    .isEqualTo(derived.maxConnections());
            assertThat(protocol.getAcceptCount()).isEqualTo(derived.acceptCount());
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @TestPropertySource(properties = {"server.tomcat.max-connections=" + Configured.CAP,
            "server.tomcat.accept-count=" + Configured.QUEUE})
    class Configured {

        static final int CAP = 100_000_000;
        static final int QUEUE = 77;

        @Autowired
        WebServerApplicationContext context;

        @Test
        void theConfiguredCapStandsAndALimitTooLowForItIsWarnedAboutAtStart(CapturedOutput output) {
            long limit = TomcatConnectionLimits.openFileLimit();
            assumeThat(limit).as("a Unix JVM reports its open-file limit").isPositive();
            AbstractProtocol<?> protocol = connector(context);

            assertThat(protocol.getMaxConnections()).isEqualTo(CAP);
            assertThat(protocol.getAcceptCount()).isEqualTo(QUEUE);
            assertThat(output.getAll()).contains("WARN").contains(
                    "server.tomcat.max-connections is " + CAP + " but the open-file limit (" + limit + ")");
        }
    }
}
