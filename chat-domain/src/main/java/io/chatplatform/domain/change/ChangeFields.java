package io.chatplatform.domain.change;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a change, in the order given: {@code of("userId", id, "role", role)}. Null values are left out. */
public final class ChangeFields {

    private ChangeFields() {
    }

    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
