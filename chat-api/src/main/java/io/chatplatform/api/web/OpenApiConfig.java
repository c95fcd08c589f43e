package io.chatplatform.api.web;

import io.chatplatform.domain.user.Actor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} and browsable at {@code /swagger-ui.html}, as a client
 * generator should read it: the caller is the bearer token (never a parameter), bodies are {@code application/json},
 * and every call's errors are {@code application/problem+json} {@code Problem}s (docs/protocol.md §13.2).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        // The Actor argument of the controllers is resolved from the bearer token.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI chatOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Chat platform REST API").version("v1")
                        .description("Room administration and auth. The WebSocket protocol is in docs/protocol.md."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    GlobalOpenApiCustomizer problemsAndJson() {
        return openApi -> {
            Components components = openApi.getComponents();
            components.addSchemas(PROBLEM, problemSchema());
            if (components.getSchemas() != null) {
                components.getSchemas().remove("ProblemDetail"); // Spring's type; the bodies are the Problem above
                rawJson(components.getSchemas().get("MessageFrame"), "attributes", new ObjectSchema()
                        .description("the attributes as sent: a JSON object"));
                rawJson(components.getSchemas().get("NotificationResponse"), "payload", new Schema<>()
                        .description("any JSON value, as the notification's kind has it (docs/protocol.md §14.1)"));
                Schema<?> message = components.getSchemas().get("MessageFrame");
                if (message != null && message.getProperties() != null) {
                    message.getProperties().put("type", new StringSchema()._enum(List.of("MESSAGE")));
                }
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(OpenApiConfig::describe));
        };
    }

    /** JSON bodies are JSON; whatever fails is a Problem. */
    private static void describe(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().values().forEach(response -> {
            Content content = response.getContent();
            if (content != null && content.containsKey("*/*")) {
                content.addMediaType("application/json", content.remove("*/*"));
            }
        });
        operation.getResponses().addApiResponse("default", new ApiResponse()
                .description("refused or failed: problem+json with a stable code (docs/protocol.md §10.2, §13.2)")
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    private static void rawJson(Schema<?> schema, String property, Schema<?> replacement) {
        if (schema != null && schema.getProperties() != null && schema.getProperties().containsKey(property)) {
            schema.getProperties().put(property, replacement);
        }
    }

    /** RFC 9457 with the server's own {@code code} (and {@code errors} for a validation error). */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, with a stable code")
                .properties(Map.of(
                        "type", new StringSchema(),
                        "title", new StringSchema(),
                        "status", new IntegerSchema(),
                        "detail", new StringSchema().description("for humans; never parse it"),
                        "instance", new StringSchema(),
                        "code", new StringSchema().description("stable: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN,"
                                + " NOT_FOUND, CONFLICT, TOO_LARGE, RATE_LIMITED, UNAVAILABLE, INTERNAL"),
                        "errors", new ArraySchema().items(new StringSchema())
                                .description("with a validation error: one entry per field")))
                .required(List.of("status", "code"));
    }
}
