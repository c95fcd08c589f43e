package io.chatplatform.api.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * REST bodies are typed as strictly as frames (docs/protocol.md §1, "Types are strict"): Jackson's defaults would
 * store the number 5 as the text "5", read the text "5" as the number 5, and cut 1.7 to the integer 1. Each is
 * refused instead, and {@link ProblemHandler} answers 400 naming the field. Frames are read as trees with strict
 * accessors of their own, so this changes nothing for them.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictTypes() {
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "5" → 5, "true" → true
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.7 → 1
                .withCoercionConfig(LogicalType.Textual, text -> text // 5, 1.7, true → "5", "1.7", "true"
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
