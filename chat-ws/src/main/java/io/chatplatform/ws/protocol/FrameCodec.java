package io.chatplatform.ws.protocol;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns server frames into JSON text, once per frame, and client text into JSON trees. */
@Component
public class FrameCodec {

    private final JsonMapper mapper;
    private final ObjectWriter frameWriter;

    public FrameCodec(JsonMapper mapper) {
        this.mapper = mapper.rebuild().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
        this.frameWriter = this.mapper.writerFor(ServerFrame.class); // immutable, and resolved once, not per frame
    }

    public String encode(ServerFrame frame) {
        return withoutUnpairedSurrogates(frameWriter.writeValueAsString(frame));
    }

    /**
     * Frames echo client text (an ERROR's ref, an unknown type) and carry text the domain does not check for
     * storability (announcements, notification payloads). An unpaired UTF-16 surrogate there has no UTF-8 form:
     * the container would refuse the whole frame and drop the socket, so it becomes U+FFFD instead.
     */
    public static String withoutUnpairedSurrogates(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean unpaired = Character.isSurrogate(c);
            if (unpaired && fixed == null) {
                fixed = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (fixed != null) {
                fixed.append(unpaired ? '\uFFFD' : c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    /**
     * Parses a client frame.
     *
     * @throws FrameException BAD_REQUEST when the text is not a JSON object with a string {@code type}
     */
    public IncomingFrame decode(String text) {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JacksonException e) {
            throw FrameException.badRequest("malformed JSON", null);
        }
        if (tree == null || !tree.isObject()) {
            throw FrameException.badRequest("a frame must be a JSON object", null);
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isString() || type.stringValue().isBlank()) {
            throw FrameException.badRequest("type is required and must be a string", null);
        }
        return new IncomingFrame(type.stringValue(), tree);
    }
}
