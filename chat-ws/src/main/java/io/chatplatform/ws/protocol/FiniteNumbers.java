package io.chatplatform.ws.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.databind.JsonNode;

/**
 * Numbers are read as doubles, and a literal too large for one (1e400) reads as infinity, which would be written back
 * as the text {@code "Infinity"}: not the number the client sent, nor a number at all. JSON the server keeps for a
 * client (message attributes, notification payloads) is refused with such a number instead.
 */
public final class FiniteNumbers {

    private FiniteNumbers() {
    }

    /** Whether every number in the value, at any depth, is one a double holds. */
    public static boolean everyNumberFinite(JsonNode value) {
        Deque<JsonNode> left = new ArrayDeque<>();
        left.push(value);
        while (!left.isEmpty()) {
            JsonNode node = left.pop();
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                return false;
            }
            if (node.isContainer()) {
                node.values().forEach(left::push);
            }
        }
        return true;
    }
}
