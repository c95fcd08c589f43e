package io.chatplatform.bench.chat;

import java.util.ArrayList;
import java.util.List;
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
        long retryAfterMs = -1;
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ServerFrame(null, -1, -1, null, null, null, null, -1);
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
                    case "retryAfterMs" ->
                            retryAfterMs = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return new ServerFrame(null, -1, -1, null, null, null, null, -1);
        }
        return new ServerFrame(type, roomId, seq, clientMsgId, body, code, ref, retryAfterMs);
    }

    /**
     * Reads a HISTORY frame's room, messages ({@code seq} and {@code clientMsgId} of each) and {@code hasMore}.
     *
     * @return the page, or null when the text is not a well-formed HISTORY frame
     */
    public static History history(byte[] bytes, int offset, int length) {
        long roomId = -1;
        boolean hasMore = false;
        List<Long> seqs = new ArrayList<>();
        List<String> clientMsgIds = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "roomId" -> roomId = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "hasMore" -> hasMore = value == JsonToken.VALUE_TRUE;
                    case "messages" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return null;
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            long seq = -1;
                            String clientMsgId = null;
                            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                                String field = parser.currentName();
                                JsonToken fieldValue = parser.nextToken();
                                if (field.equals("seq") && fieldValue == JsonToken.VALUE_NUMBER_INT) {
                                    seq = parser.getLongValue();
                                } else if (field.equals("clientMsgId") && fieldValue == JsonToken.VALUE_STRING) {
                                    clientMsgId = parser.getString();
                                } else {
                                    parser.skipChildren();
                                }
                            }
                            seqs.add(seq);
                            clientMsgIds.add(clientMsgId);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return null;
        }
        return new History(roomId, seqs.stream().mapToLong(Long::longValue).toArray(),
                clientMsgIds.toArray(String[]::new), hasMore);
    }
}
