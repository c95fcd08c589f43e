package io.chatplatform.api.web;

import java.lang.management.ManagementFactory;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat's connection cap and accept queue from the open-file limit unless
 * {@code server.tomcat.max-connections} / {@code server.tomcat.accept-count} are set: Boot's defaults (8,192 and
 * 100) stop a chat node far below what its memory holds, and a cap above the limit only turns into "Too many open
 * files". Warns at start when the limit is too low for the cap (see {@link ConnectionLimits}). Ordered last, so its
 * connector settings apply after those of Boot's own Tomcat customizer.
 */
@Component
class TomcatConnectionLimits implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TomcatConnectionLimits.class);

    private final Integer configuredMaxConnections;
    private final Integer configuredAcceptCount;

    TomcatConnectionLimits(Environment environment) {
        Binder binder = Binder.get(environment);
        this.configuredMaxConnections = binder.bind("server.tomcat.max-connections", Integer.class).orElse(null);
        this.configuredAcceptCount = binder.bind("server.tomcat.accept-count", Integer.class).orElse(null);
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        long openFileLimit = openFileLimit();
        if (openFileLimit <= 0) {
            return; // not a Unix JVM: nothing to derive from, Boot's settings stand
        }
        ConnectionLimits.warning(openFileLimit, configuredMaxConnections).ifPresent(log::warn);
        ConnectionLimits derived = ConnectionLimits.forOpenFileLimit(openFileLimit);
        int maxConnections = configuredMaxConnections != null ? configuredMaxConnections : derived.maxConnections();
        int acceptCount = configuredAcceptCount != null ? configuredAcceptCount : derived.acceptCount();
        log.info("Tomcat holds up to {} connections and queues {} more (open-file limit {})", maxConnections,
                acceptCount, openFileLimit);
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxConnections(maxConnections);
                protocol.setAcceptCount(acceptCount);
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The process's soft limit on open files, or -1 where the JVM cannot tell. */
    static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
