package io.chatplatform.api.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Servlet container settings that Boot has no property for. */
@Configuration(proxyBeanMethods = false)
class WebServerConfig {

    /**
     * User ids are opaque and may contain '/'; clients encode it as %2F in paths such as
     * {@code /api/rooms/1/members/{userId}}. Tomcat refuses such paths by default; passing them through lets
     * Spring MVC decode the path variable.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashInPathVariables() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }
}
