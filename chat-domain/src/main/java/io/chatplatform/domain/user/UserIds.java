package io.chatplatform.domain.user;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;

/**
 * User ids are opaque strings chosen by whoever mints tokens; a user needs no local account. This bounds
 * what the database columns can hold.
 */
public final class UserIds {

    public static final int MAX_LENGTH = 128;

    private UserIds() {
    }

    public static String requireValid(String userId) {
        if (userId == null || userId.isBlank()) {
            throw DomainException.badRequest("userId must not be blank");
        }
        if (userId.length() > MAX_LENGTH) {
            throw DomainException.badRequest("userId must be at most " + MAX_LENGTH + " characters");
        }
        return Texts.requireStorable("userId", userId);
    }
}
