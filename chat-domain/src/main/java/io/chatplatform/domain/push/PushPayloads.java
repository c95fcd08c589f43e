package io.chatplatform.domain.push;

import io.chatplatform.domain.notification.NotificationView;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a push carries, decrypted by the browser and shown by the service worker:
 * {@code {"id","kind","roomId"?,"messageId"?,"threadId"?,"from"?,"excerpt"?,"payload"?}}.
 * <p>
 * With previews off the push says only that something happened and where ({@code id}, {@code kind}, {@code roomId},
 * {@code messageId}, {@code threadId}: opaque numbers that let a click open the room): no sender, no text, no
 * payload of another kind, so a lock screen shows nothing of the conversation. With previews on it adds the sender
 * and the excerpt the notification stored (a direct message or a mention), or, for other kinds, the stored payload
 * when it fits in one push.
 */
final class PushPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] REFERENCES = {"roomId", "messageId", "threadId"};

    private PushPayloads() {
    }

    static String of(NotificationView notification, boolean previews) {
        ObjectNode push = JSON.createObjectNode();
        push.put("id", notification.id());
        push.put("kind", notification.kind());
        JsonNode stored = parse(notification.payload());
        if (stored.isObject()) {
            for (String reference : REFERENCES) {
                if (stored.path(reference).isIntegralNumber()) {
                    push.set(reference, stored.get(reference));
                }
            }
        }
        if (!previews) {
            return JSON.writeValueAsString(push);
        }
        if (stored.isObject() && stored.has("excerpt")) {
            push.put("from", stored.path("from").asString(""));
            push.put("excerpt", stored.path("excerpt").asString(""));
        } else if (!stored.isMissingNode()) {
            push.set("payload", stored);
        }
        String json = JSON.writeValueAsString(push);
        if (json.getBytes(StandardCharsets.UTF_8).length > WebPushEncryption.MAX_PAYLOAD_BYTES) {
            push.remove("payload");
            push.remove("excerpt");
            json = JSON.writeValueAsString(push);
        }
        return json;
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }
}
