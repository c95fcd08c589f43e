package io.chatplatform.ws.session;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns server frames into JSON text, once per frame, and client text into JSON trees. */
@Component
public class FrameCodec {

    private final JsonMapper mapper;

    public FrameCodec(JsonMapper mapper) {
        this.mapper = mapper.rebuild().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
    }

    public String encode(ServerFrame frame) {
        return mapper.writerFor(ServerFrame.class).writeValueAsString(frame);
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
