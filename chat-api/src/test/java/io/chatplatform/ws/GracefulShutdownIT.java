package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.ChatApplication;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.WsClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Stopping a node closes its sockets with 1001 so clients reconnect elsewhere and SYNC. */
class GracefulShutdownIT {

    @Test
    void stoppingTheServerClosesOpenSocketsWith1001() {
        ConfigurableApplicationContext node = new SpringApplicationBuilder(ChatApplication.class)
                .profiles("test")
                .properties("server.port=0")
                .run();
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        String token = node.getBean(TokenService.class).issue(new Actor("shutdown-watcher", Role.USER)).accessToken();
        WsClient socket = WsClient.connect(URI.create("ws://localhost:" + port + "/ws/chat"),
                Map.of("Authorization", "Bearer " + token));
        socket.expect("READY");

        node.close();

        assertThat(socket.awaitCloseCode()).isEqualTo(1001);
    }
}
