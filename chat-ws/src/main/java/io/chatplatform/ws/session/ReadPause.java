package io.chatplatform.ws.session;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.websocket.WsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Stops reading one socket for a while, so that what its client sends meanwhile waits in the client's and the
 * kernel's socket buffers (and, once they are full, in the client's send call), not in the server: the way to
 * hold a client to its rate without refusing its frames. Tomcat's {@link WsSession#suspend()} stops its reader
 * after the frame being handled, and {@link WsSession#resume()} hands the socket back to a container thread,
 * which first finishes the bytes it had already read; outgoing frames are not affected.
 *
 * <p>Only the thread handling the socket's current frame may {@link #pauseFor pause} it; the resume comes from
 * the timer. Another container cannot pause: {@link #pauseFor} then answers false and the caller refuses instead.
 */
final class ReadPause {

    private static final Logger log = LoggerFactory.getLogger(ReadPause.class);

    private final WsSession tomcat;
    private final AtomicBoolean paused = new AtomicBoolean();

    private ReadPause(WsSession tomcat) {
        this.tomcat = tomcat;
    }

    static ReadPause of(WebSocketSession socket) {
        WsSession tomcat = socket instanceof NativeWebSocketSession nativeSocket
                ? nativeSocket.getNativeSession(WsSession.class) : null;
        return new ReadPause(tomcat);
    }

    /**
     * Stops reading after the frame being handled, for {@code nanos}.
     *
     * @return whether reading stopped; false when this socket cannot pause (and reading goes on)
     */
    boolean pauseFor(long nanos, ScheduledExecutorService timer) {
        if (tomcat == null) {
            return false;
        }
        if (!paused.compareAndSet(false, true)) {
            return true; // paused already, until a time that is no later than this one
        }
        try {
            tomcat.suspend();
        } catch (RuntimeException closing) {
            paused.set(false);
            return false;
        }
        try {
            timer.schedule(this::resume, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            resume();
        }
        return true;
    }

    private void resume() {
        paused.set(false);
        try {
            tomcat.resume();
        } catch (RuntimeException closed) {
            log.debug("Resuming the reads of session {} failed: {}", tomcat.getId(), closed.toString());
        }
    }
}
