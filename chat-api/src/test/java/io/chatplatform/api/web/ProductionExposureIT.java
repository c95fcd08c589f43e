package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the {@code prod} profile the public port serves no operational surface: Actuator answers only on the
 * management port (here a random one instead of 8081, through {@code CHAT_MANAGEMENT_PORT}), and there is no
 * OpenAPI description or Swagger UI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "CHAT_MANAGEMENT_PORT=0")
@ActiveProfiles("prod")
class ProductionExposureIT extends ChatServerTest {

    /** Set by Boot when Actuator runs on a port of its own; -1 when it shares the public port. */
    @Value("${local.management.port:-1}")
    int managementPort;

    /** prod refuses to start without a secret: a strong random one, as an operator would set. */
    @DynamicPropertySource
    static void secret(DynamicPropertyRegistry registry) {
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        registry.add("chat.auth.jwt-secret", () -> Base64.getEncoder().encodeToString(secret));
    }

    @Test
    void actuatorIsOnlyOnTheManagementPort() {
        RestApi management = new RestApi(managementPort);

        assertThat(managementPort).as("Actuator's own port").isPositive().isNotEqualTo(port);
        for (String path : new String[] {"/actuator", "/actuator/health", "/actuator/health/readiness",
                "/actuator/metrics", "/actuator/prometheus"}) {
            assertThat(rest.get(path, null).status()).as("%s on the public port", path).isEqualTo(404);
            assertThat(management.get(path, null).status()).as("%s on the management port", path).isEqualTo(200);
        }
        assertThat(management.get("/actuator/health", null).json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void thereIsNoApiDescriptionOrSwaggerUi() {
        for (String path : new String[] {"/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
                "/swagger-ui/index.html"}) {
            assertThat(rest.get(path, null).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theApiItselfStillAnswers() {
        String alice = uniqueUser("alice");

        assertThat(rest.get("/api/rooms", tokenFor(alice)).status()).isEqualTo(200);
        assertThat(rest.get("/", null).status()).isEqualTo(200);
    }
}
