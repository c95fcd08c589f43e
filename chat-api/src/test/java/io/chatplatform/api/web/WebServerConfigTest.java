package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The connector settings as Tomcat's NIO endpoint reads them back. */
class WebServerConfigTest {

    @Test
    void socketsGetSmallApplicationBuffersAndARoomyKernelSendBuffer() {
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");

        new WebServerConfig().chatConnector(DataSize.ofBytes(512), DataSize.ofBytes(512), DataSize.ofMegabytes(1))
                .customize(connector);

        assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("512");
        assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("512");
        assertThat(connector.getProperty("socket.txBufSize")).hasToString("1048576");
    }
}
