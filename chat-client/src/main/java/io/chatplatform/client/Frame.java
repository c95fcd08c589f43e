package io.chatplatform.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON object of the protocol: a frame the server sent, an entry of a CHANGES page, a nested object such as
 * {@code attributes}, or an event the client itself reports ({@code state}, {@code gap}, {@code error}). Immutable
 * and thread-safe.
 *
 * <p>Accessors are lenient about absence (they return {@code null}, or the default given) and strict about types: a
 * field that is present with another JSON type throws {@link IllegalStateException}, since the server never coerces.
 */
public final class Frame {

    private final Map<String, Object> fields;
    private final boolean replayed;

    private Frame(Map<String, Object> fields, boolean replayed) {
        this.fields = fields;
        this.replayed = replayed;
    }

    /** Wraps a parsed JSON object (its nested maps become frames when read with {@link #object}). */
    public static Frame of(Map<String, ?> fields) {
        return new Frame(Collections.unmodifiableMap(new LinkedHashMap<>(fields)), false);
    }

    /** Parses a text frame; throws {@link Json.JsonException} unless it is a JSON object. */
    public static Frame parse(String json) {
        return new Frame(Json.parseObject(json), false);
    }

    /** A frame built from alternating keys and values; {@code null} values are left out. */
    public static Frame of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return new Frame(Collections.unmodifiableMap(map), false);
    }

    /** This frame as an entry of a CHANGES page (a change replayed after the fact rather than received live). */
    Frame asReplayed(long roomId) {
        Map<String, Object> map = fields;
        if (!fields.containsKey("roomId")) {
            map = new LinkedHashMap<>(fields);
            map.put("roomId", roomId);
            map = Collections.unmodifiableMap(map);
        }
        return new Frame(map, true);
    }

    /** The frame's {@code type}, e.g. {@code MESSAGE}; {@code null} if it has none. */
    public String type() {
        return string("type");
    }

    /** The event name listeners subscribe to: the type in lower case ({@code message}, {@code reaction}, …). */
    public String event() {
        String type = type();
        return type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether this change came from a CHANGES page (a catch-up) rather than live. A replayed MESSAGE is the message as
     * it is now: edited body, tombstone, reactions and thread summary included.
     */
    public boolean replayed() {
        return replayed;
    }

    public boolean has(String key) {
        return fields.get(key) != null;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public String string(String key) {
        return typed(key, String.class);
    }

    public String string(String key, String otherwise) {
        String value = string(key);
        return value == null ? otherwise : value;
    }

    /** An integer field; {@code null} when absent. */
    public Long longValue(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        throw new IllegalStateException(key + " is not a 64-bit integer: " + value);
    }

    public long longValue(String key, long otherwise) {
        Long value = longValue(key);
        return value == null ? otherwise : value;
    }

    public boolean bool(String key) {
        Boolean value = typed(key, Boolean.class);
        return value != null && value;
    }

    /** A nested object (e.g. {@code attributes}); {@code null} when absent. */
    public Frame object(String key) {
        Map<?, ?> map = typed(key, Map.class);
        return map == null ? null : of(cast(map));
    }

    /** An array field, each element as read ({@link Json}); empty when absent. */
    public List<Object> list(String key) {
        List<?> list = typed(key, List.class);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** An array of objects (e.g. {@code changes}, {@code reactions}); empty when absent. */
    public List<Frame> frames(String key) {
        List<Frame> out = new ArrayList<>();
        for (Object item : list(key)) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new IllegalStateException(key + " holds a non-object: " + item);
            }
            out.add(of(cast(map)));
        }
        return Collections.unmodifiableList(out);
    }

    public Map<String, Object> asMap() {
        return fields;
    }

    public String toJson() {
        return Json.write(fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private <T> T typed(String key, Class<T> type) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException(key + " is not a " + type.getSimpleName() + ": " + value);
        }
        return type.cast(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame && frame.fields.equals(fields) && frame.replayed == replayed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, replayed);
    }

    @Override
    public String toString() {
        return (replayed ? "(replayed) " : "") + toJson();
    }
}
