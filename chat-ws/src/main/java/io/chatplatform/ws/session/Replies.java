package io.chatplatform.ws.session;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.common.Unavailable;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.FrameRef;
import io.chatplatform.ws.protocol.ServerFrame;
import io.chatplatform.ws.protocol.SessionFrames;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Frames for one session, encoded and queued; and the one way a refusal or a failure becomes an ERROR frame, so
 * that a handler answering later, off the socket's thread, answers as the session handler would have.
 */
@Component
public class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final FrameCodec codec;

    public Replies(FrameCodec codec) {
        this.codec = codec;
    }

    public void send(ClientSession session, ServerFrame frame) {
        session.send(codec.encode(frame));
    }

    public void sendError(ClientSession session, ErrorCode code, String message, FrameRef ref) {
        send(session, new SessionFrames.Error(code, message, ref));
    }

    /**
     * Answers a frame whose work failed, on the socket's thread or later, off it: a refusal with its code; the
     * database away or slow with {@code UNAVAILABLE} and {@code retryAfterMs} (never {@code INTERNAL}, whose
     * "nothing was changed" nobody could promise then); anything else with {@code INTERNAL}.
     */
    public void answerFailure(ClientSession session, Throwable failure, FrameRef ref) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        Optional<Unavailable> unavailable = Unavailable.of(cause, DATABASE_RETRY_AFTER);
        if (unavailable.isPresent()) {
            log.debug("Frame of session {} answered UNAVAILABLE: {}", session.id(), cause.toString());
            Unavailable answer = unavailable.get();
            send(session, new SessionFrames.Error(ErrorCode.UNAVAILABLE, answer.getMessage(), ref,
                    Math.max(1, answer.retryAfter().toMillis())));
        } else if (cause instanceof DomainException refused) {
            sendError(session, refused.code(), refused.getMessage(), ref);
        } else {
            log.error("Frame of session {} failed", session.id(), cause);
            sendError(session, ErrorCode.INTERNAL, "internal error", ref);
        }
    }

    /** When to retry a frame the database could not serve (a query, not a post: the writer says so itself). */
    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(1);
}
