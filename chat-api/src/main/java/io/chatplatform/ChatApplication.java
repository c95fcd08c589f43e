package io.chatplatform;

import io.chatplatform.admin.AdminCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The chat server: REST and WebSocket endpoints over one set of domain services. With {@code admin ...} as its
 * arguments the jar runs an operator command instead ({@link AdminCommand}) and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

    public static void main(String[] args) {
        if (AdminCommand.isInvoked(args)) {
            System.exit(AdminCommand.run(args));
        }
        SpringApplication.run(ChatApplication.class, args);
    }
}
