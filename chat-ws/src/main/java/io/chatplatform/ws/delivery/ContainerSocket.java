package io.chatplatform.ws.delivery;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Tomcat's blocking remote endpoint. A blocking send completes on the writer's own thread; a non-blocking one
 * would hand every completion to a container thread, a thread switch per frame. Several frames are written with
 * batching on, so they gather in the session's output buffer and leave in one write each time it fills or at the
 * end. Batching is on only inside {@link #sendTexts}: Tomcat would otherwise hold frames back, and warns when a
 * close meets a batch. Only a write into a full socket takes time (batched frames gather in memory), so the time a
 * turn took, checked after each frame, is the time this client made its writer wait.
 */
final class ContainerSocket implements BlockingSocket {

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final RemoteEndpoint.Basic remote;

    ContainerSocket(RemoteEndpoint.Basic remote) {
        this.remote = remote;
    }

    @Override
    public int sendTexts(List<String> texts, long deadlineNanos) throws IOException {
        if (texts.size() == 1) {
            remote.sendText(texts.get(0));
            return 1;
        }
        int sent = 0;
        remote.setBatchingAllowed(true);
        try {
            for (String text : texts) {
                remote.sendText(text);
                sent++;
                if (System.nanoTime() - deadlineNanos >= 0) {
                    break; // the socket took this turn's share: the rest waits for the session's next turn
                }
            }
        } finally {
            remote.setBatchingAllowed(false); // flushes what the buffer still holds
        }
        return sent;
    }

    @Override
    public void sendPing() throws IOException {
        remote.sendPing(NO_DATA.duplicate());
    }
}
