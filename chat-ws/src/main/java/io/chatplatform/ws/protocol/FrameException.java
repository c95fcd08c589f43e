package io.chatplatform.ws.protocol;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;

/** A frame that cannot be understood; answered with an ERROR frame, the socket stays open. */
public class FrameException extends DomainException {

    private final String ref;
    private final Long roomId;

    public FrameException(ErrorCode code, String message, String ref) {
        super(code, message);
        this.ref = ref;
        this.roomId = null;
    }

    /** A refusal of a frame that could not be read whole, naming what could be read of it. */
    public FrameException(ErrorCode code, String message, FrameRef ref) {
        super(code, message);
        this.ref = ref.ref();
        this.roomId = ref.roomId();
    }

    public static FrameException badRequest(String message, String ref) {
        return new FrameException(ErrorCode.BAD_REQUEST, message, ref);
    }

    public String ref() {
        return ref;
    }

    /** What the ERROR names, when no parsed frame is at hand to name its room. */
    public FrameRef answerRef() {
        return new FrameRef(ref, roomId);
    }
}
