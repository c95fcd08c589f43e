package io.chatplatform.admin;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.user.UserService;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * What the {@code admin} command needs: the server's datasource and migrations, and the user package of the domain.
 * Not the whole server: the WebSocket layer needs a servlet container, and a command has no use for message
 * writers, sweepers or the cluster bus. Deliberately not a {@code @Configuration}, so the server's component scan
 * passes it by; {@link AdminCommand} hands it to Spring directly.
 */
@EnableAutoConfiguration
@Import(DomainConfiguration.class)
@ComponentScan(basePackageClasses = UserService.class)
@EntityScan(basePackageClasses = UserService.class)
@EnableJpaRepositories(basePackageClasses = UserService.class)
class AdminCommandContext {
}
