package io.chatplatform.ws.protocol;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;

/** A frame that cannot be understood; answered with an ERROR frame, the socket stays open. */
public class FrameException extends DomainException {

    private final String ref;

    public FrameException(ErrorCode code, String message, String ref) {
        super(code, message);
        this.ref = ref;
    }

    public static FrameException badRequest(String message, String ref) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, ref);
    }

    public String ref() {
        return ref;
    }
}
