package io.chatplatform.domain.common;

/**
 * Text the database can store and give back unchanged. PostgreSQL refuses NUL in text, and an unpaired UTF-16
 * surrogate has no UTF-8 form: both would come back different or not at all, so they are refused up front.
 */
public final class Texts {

    private Texts() {
    }

    public static String requireStorable(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw DomainException.badRequest(field + " must not contain NUL characters");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw DomainException.badRequest(field + " contains an unpaired UTF-16 surrogate");
            }
            if (Character.isLowSurrogate(c)) {
                throw DomainException.badRequest(field + " contains an unpaired UTF-16 surrogate");
            }
        }
        return value;
    }
}
