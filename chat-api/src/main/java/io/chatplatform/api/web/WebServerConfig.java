package io.chatplatform.api.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.ProtocolHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Servlet container settings that Boot has no property for. Most of an idle WebSocket's memory is Tomcat's
 * per-connection buffers, allocated at full size whether used or not: small buffers let one node hold many more
 * idle connections, and chat frames are small (a larger one is simply written or read in several passes).
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfig {

    private static final String WS_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    /**
     * User ids are opaque and may contain '/' and '\' (a directory's {@code CORP\wally}); clients encode them as %2F
     * and %5C in paths such as {@code /api/rooms/1/members/{userId}}. Tomcat refuses such paths by default; passing
     * them through lets Spring MVC decode the path variable. Also sizes each connection's socket buffers.
     *
     * <p>The kernel's send buffer ({@code SO_SNDBUF}) is set large: the delivery engine's writers write with
     * blocking sends, and a blocking send waits only when the kernel has no room for the client's data. Left to
     * autotuning, the buffer of a client that reads a little late stays near its 16 KB start, so a writer would wait
     * on a client a few hundred frames behind and hold up every other session it owns (measured: sessions of a
     * busy load generator cut off as slow consumers). With room for as much as the session's own send-buffer limit,
     * a writer waits only for a client that is genuinely that far behind, which is closed as a slow consumer anyway.
     * The kernel allocates this memory only for data actually queued, so an idle socket costs nothing; Linux caps
     * the value at {@code net.core.wmem_max}.
     */
    @Bean
    TomcatConnectorCustomizer chatConnector(
            @Value("${chat.server.socket-buffer-size:512B}") DataSize socketBuffer,
            @Value("${chat.server.websocket-buffer-size:512B}") DataSize webSocketBuffer,
            @Value("${chat.server.socket-send-buffer:1MB}") DataSize kernelSendBuffer) {
        // Read by Tomcat's WebSocket classes once, when they load, which happens when the server starts below.
        if (System.getProperty(WS_BUFFER_PROPERTY) == null) {
            System.setProperty(WS_BUFFER_PROPERTY, Long.toString(webSocketBuffer.toBytes()));
        }
        String socketBytes = Long.toString(socketBuffer.toBytes());
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
            connector.setProperty("socket.appReadBufSize", socketBytes);
            connector.setProperty("socket.appWriteBufSize", socketBytes);
            connector.setProperty("socket.txBufSize", Long.toString(kernelSendBuffer.toBytes()));
        };
    }

    /**
     * Tomcat's worker threads, sized by Boot's properties as Tomcat's own pool would be ({@code threads.min-spare}
     * always there, up to {@code threads.max} while all are busy; defaults 10 and 200), serving the frames of open
     * WebSocket sessions ahead of new requests (see {@link SessionsFirstExecutor}).
     */
    @Bean(destroyMethod = "shutdown")
    SessionsFirstExecutor tomcatWorkers(@Value("${server.tomcat.threads.min-spare:10}") int minSpare,
            @Value("${server.tomcat.threads.max:200}") int max) {
        return new SessionsFirstExecutor(minSpare, max, "http-exec-");
    }

    /** Errors Tomcat answers itself, before Spring sees the request, as problem+json too ({@link ProblemErrorReportValve}). */
    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        };
    }

    /**
     * Request bodies over {@code chat.api.max-body-size} are refused with 413, before anything else reads them.
     * Second in line: WebSocket handshakes, which have no body, are taken by chat-ws's short way in before it.
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            @Value("${chat.api.max-body-size:2MB}") DataSize maxBodySize, Problems problems) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(maxBodySize.toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** How the workers' time divides between open sessions and new requests, and what waits for a thread. */
    @Bean
    MeterBinder tomcatWorkerMetrics(SessionsFirstExecutor workers) {
        return registry -> {
            FunctionCounter.builder("chat.http.worker.tasks", workers, SessionsFirstExecutor::sessionTasks)
                    .tag("kind", "session").description("Tomcat worker tasks for upgraded (WebSocket) connections")
                    .register(registry);
            FunctionCounter.builder("chat.http.worker.tasks", workers, SessionsFirstExecutor::requestTasks)
                    .tag("kind", "request").description("Tomcat worker tasks for HTTP requests and handshakes")
                    .register(registry);
            Gauge.builder("chat.http.worker.queued", workers, pool -> pool.getQueue().size())
                    .description("Tomcat worker tasks waiting for a thread").register(registry);
        };
    }

    @Bean
    TomcatProtocolHandlerCustomizer<ProtocolHandler> sessionsFirst(SessionsFirstExecutor workers) {
        return protocol -> protocol.setExecutor(workers);
    }
}
