package io.chatplatform.ws.protocol;

import io.chatplatform.domain.common.ErrorCode;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns server frames into JSON text, once per frame, and client text into JSON trees. */
@Component
public class FrameCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final JsonMapper mapper;
    private final ObjectWriter frameWriter;

    public FrameCodec(JsonMapper mapper) {
        this.mapper = mapper.rebuild().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
        this.frameWriter = this.mapper.writerFor(ServerFrame.class); // immutable, and resolved once, not per frame
    }

    public String encode(ServerFrame frame) {
        if (frame instanceof SessionFrames.Ready ready) {
            return withoutUnpairedSurrogates(ready(ready));
        }
        return withoutUnpairedSurrogates(frameWriter.writeValueAsString(frame));
    }

    /**
     * READY by hand: one per connect, where Jackson's set-up per value (generator, buffers, typed serializer) cost
     * 7 % of a handshake's CPU for four fields. The text is the one Jackson writes (FrameCodecFuzzTest compares them).
     */
    private static String ready(SessionFrames.Ready ready) {
        StringBuilder json = new StringBuilder(128).append("{\"type\":\"READY\"");
        field(json, "userId", ready.userId());
        field(json, "sessionId", ready.sessionId());
        field(json, "expiresAt", ready.expiresAt() == null ? null : ready.expiresAt().toString());
        return json.append('}').toString();
    }

    /** A string field, left out when null, as frames are written (ServerFrame includes non-null values only). */
    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            quote(json.append(",\"").append(name).append("\":"), value);
        }
    }

    /** Appends {@code text} as a JSON string, escaped as Jackson escapes it by default. */
    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
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
        } catch (StreamConstraintsException beyondLimits) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "a value is beyond what the server reads: numbers of at"
                    + " most 1000 digits, at most 500 levels of nesting, names of at most 50000 characters",
                    salvageRef(text));
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

    /**
     * What an ERROR refusing well-formed JSON beyond the parser's limits can still name: the frame's top-level
     * {@code type}, {@code clientMsgId} and {@code roomId}, as far as they come before the value that is too big, so
     * that a client can tell which of its SENDs was refused ({@link FrameRef}).
     */
    private FrameRef salvageRef(String text) {
        String type = null;
        String clientMsgId = null;
        Long roomId = null;
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return FrameRef.NONE;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("type")) {
                    type = parser.getString();
                } else if (value == JsonToken.VALUE_STRING && name.equals("clientMsgId")) {
                    clientMsgId = parser.getString();
                } else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("roomId")
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    roomId = parser.getLongValue();
                }
                parser.skipChildren();
            }
        } catch (JacksonException stopped) {
            // what came before the value beyond the limits stands
        }
        return new FrameRef(clientMsgId != null ? clientMsgId : type, roomId);
    }
}
