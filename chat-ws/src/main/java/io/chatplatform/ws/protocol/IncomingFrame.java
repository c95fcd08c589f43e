package io.chatplatform.ws.protocol;

import tools.jackson.databind.JsonNode;

/**
 * A parsed client frame with typed, strict accessors: a field of the wrong JSON type is a BAD_REQUEST naming the
 * field, never a silent coercion.
 */
public record IncomingFrame(String type, JsonNode tree) {

    /** What an ERROR answering this frame echoes: its clientMsgId when it has a string one, else its type. */
    public String ref() {
        JsonNode clientMsgId = tree.get("clientMsgId");
        return clientMsgId != null && clientMsgId.isString() ? clientMsgId.stringValue() : type;
    }

    /** What an ERROR answering this frame names: {@link #ref()}, and its {@code roomId} if it has an integer one. */
    public FrameRef answerRef() {
        JsonNode roomId = tree.get("roomId");
        return new FrameRef(ref(), roomId != null && roomId.isIntegralNumber() && roomId.canConvertToLong()
                ? roomId.longValue() : null);
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw fieldError(field, "is required");
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw fieldError(field, "must be a string");
        }
        return node.stringValue();
    }

    public long requiredLong(String field) {
        Long value = optionalLong(field);
        if (value == null) {
            throw fieldError(field, "is required");
        }
        return value;
    }

    public Long optionalLong(String field) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fieldError(field, "must be an integer");
        }
        return node.longValue();
    }

    /** A JSON object, as compact JSON text; null when absent. */
    public String optionalObjectText(String field) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw fieldError(field, "must be a JSON object");
        }
        if (!FiniteNumbers.everyNumberFinite(node)) {
            throw fieldError(field, "holds a number too large for a double");
        }
        return node.toString();
    }

    public Integer optionalInt(String field) {
        Long value = optionalLong(field);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw fieldError(field, "is out of range");
        }
        return value.intValue();
    }

    /**
     * A JSON number, integral or not. JSON has no NaN or Infinity, but a literal too large for a double (1e999)
     * would read as one, so it is refused here; whether a finite value is in range is the caller's rule.
     */
    public double requiredDouble(String field) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            throw fieldError(field, "is required");
        }
        if (!node.isNumber()) {
            throw fieldError(field, "must be a number");
        }
        // Through Number: Jackson 3's doubleValue() throws for an integer beyond a double's range, which would be
        // answered INTERNAL; BigInteger.doubleValue() gives infinity, refused below like 1e400.
        double value = node.numberValue().doubleValue();
        if (!Double.isFinite(value)) {
            throw fieldError(field, "is out of range");
        }
        return value;
    }

    private FrameException fieldError(String field, String problem) {
        return FrameException.badRequest(field + " " + problem, ref());
    }
}
