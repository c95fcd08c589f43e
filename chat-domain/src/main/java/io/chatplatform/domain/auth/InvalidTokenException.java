package io.chatplatform.domain.auth;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;

/** The token is missing, malformed, unsigned, wrongly signed, expired or names no valid user. */
public class InvalidTokenException extends DomainException {

    public InvalidTokenException(String message) {
        super(ErrorCode.UNAUTHORIZED, message);
    }
}
