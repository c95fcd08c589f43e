package io.chatplatform.bench.chat;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/** Reads server frames with Jackson's streaming parser straight from the received bytes, skipping what is unused. */
public final class FrameParser {

    private static final JsonFactory JSON = new JsonFactory();

    private FrameParser() {
    }

    /** @return the frame, or one with a null type when the text is not a JSON object */
    public static ServerFrame parse(byte[] bytes, int offset, int length) {
        String type = null;
        long roomId = -1;
        long seq = -1;
        String clientMsgId = null;
        String body = null;
        String code = null;
        String ref = null;
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ServerFrame(null, -1, -1, null, null, null, null);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "roomId" -> roomId = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "clientMsgId" -> clientMsgId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "body" -> body = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "code" -> code = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "ref" -> ref = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return new ServerFrame(null, -1, -1, null, null, null, null);
        }
        return new ServerFrame(type, roomId, seq, clientMsgId, body, code, ref);
    }
}
