package io.chatplatform.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The fields of a server frame the {@code sync} scenario reads, and the same fields of each frame inside a page
 * ({@code changes} of CHANGES, {@code messages} of HISTORY). Absent numbers are -1, absent strings null.
 *
 * @param rev     the change's rev; on CHANGES the rev the page leaves the reader at
 * @param name    the room's name (ROOM_UPDATED)
 * @param items   the frames inside a page, in order; empty for other frames
 */
record SyncFrame(String type, long roomId, long rev, long seq, long messageId, String clientMsgId, String body,
        String name, String code, String ref, boolean hasMore, List<SyncFrame> items) {

    static final String CHANGES = "CHANGES";
    static final String HISTORY = "HISTORY";
    static final String MESSAGE = "MESSAGE";
    static final String MESSAGE_UPDATED = "MESSAGE_UPDATED";
    static final String ROOM_UPDATED = "ROOM_UPDATED";

    private static final JsonFactory JSON = new JsonFactory();

    /** @return the frame, or null when the text is not a JSON object */
    static SyncFrame parse(byte[] bytes, int offset, int length) {
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? object(parser) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Reads one object whose START_OBJECT the parser is on, up to and including its END_OBJECT. */
    private static SyncFrame object(JsonParser parser) {
        String type = null;
        long roomId = -1;
        long rev = -1;
        long seq = -1;
        long messageId = -1;
        String clientMsgId = null;
        String body = null;
        String name = null;
        String code = null;
        String ref = null;
        boolean hasMore = false;
        List<SyncFrame> items = List.of();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type" -> type = text(parser, value);
                case "roomId" -> roomId = number(parser, value);
                case "rev" -> rev = number(parser, value);
                case "seq" -> seq = number(parser, value);
                case "messageId" -> messageId = number(parser, value);
                case "clientMsgId" -> clientMsgId = text(parser, value);
                case "body" -> body = text(parser, value);
                case "name" -> name = text(parser, value);
                case "code" -> code = text(parser, value);
                case "ref" -> ref = text(parser, value);
                case "hasMore" -> hasMore = value == JsonToken.VALUE_TRUE;
                case "changes", "messages" -> items = array(parser, value);
                default -> parser.skipChildren();
            }
        }
        return new SyncFrame(type, roomId, rev, seq, messageId, clientMsgId, body, name, code, ref, hasMore, items);
    }

    private static List<SyncFrame> array(JsonParser parser, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return List.of();
        }
        List<SyncFrame> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (next == JsonToken.START_OBJECT) {
                items.add(object(parser));
            } else {
                parser.skipChildren();
            }
        }
        return items;
    }

    private static String text(JsonParser parser, JsonToken value) {
        return value == JsonToken.VALUE_STRING ? parser.getString() : null;
    }

    private static long number(JsonParser parser, JsonToken value) {
        return value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
    }
}
