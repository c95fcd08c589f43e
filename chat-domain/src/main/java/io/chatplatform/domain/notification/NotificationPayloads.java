package io.chatplatform.domain.notification;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads travel as JSON text from whoever creates a notification to the client, which receives them as JSON
 * values. Checking them once here, when stored, is what lets the sockets embed the stored text as is.
 */
public final class NotificationPayloads {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private NotificationPayloads() {
    }

    /** The JSON of a payload record (absent fields as the record's annotations say). */
    public static String toJson(Object payload) {
        return JSON.writeValueAsString(payload);
    }

    /**
     * A message's payload with what the message said forgotten, when the payload is about that message of that room
     * and still holds an excerpt: {@code excerpt} becomes empty and {@code deleted} true. Null for any other payload.
     */
    static String withoutExcerpt(String payload, Long roomId, Long messageId) {
        JsonNode tree;
        try {
            tree = JSON.readTree(payload);
        } catch (JacksonException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode about) || !about.path("roomId").isIntegralNumber()
                || about.path("roomId").asLong() != roomId || !about.path("messageId").isIntegralNumber()
                || about.path("messageId").asLong() != messageId || !about.has("excerpt")
                || about.path("deleted").asBoolean(false)) {
            return null;
        }
        about.put("excerpt", "");
        about.put("deleted", true);
        return JSON.writeValueAsString(about);
    }

    /**
     * The payload in compact form.
     *
     * @throws DomainException BAD_REQUEST when it is not exactly one JSON value
     */
    static String normalize(String payloadJson) {
        if (payloadJson == null || payloadJson.isBlank()) {
            throw DomainException.badRequest("payload is required");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(payloadJson);
        } catch (JacksonException e) {
            throw DomainException.badRequest("payload must be valid JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw DomainException.badRequest("payload must be valid JSON");
        }
        // JSON escapes NUL when writing, but writes an unpaired surrogate as it is: no UTF-8 form, no socket frame.
        return Texts.requireStorable("payload", JSON.writeValueAsString(tree));
    }
}
