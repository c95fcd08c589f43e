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
 * close meets a batch. A send that takes a while waited for room in the client's socket; those count against the
 * session's {@link Turn}. The flush that ends a batch may wait once more, so a turn holds the writer for at most
 * its limit plus two waiting writes.
 */
final class ContainerSocket implements BlockingSocket {

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final RemoteEndpoint.Basic remote;

    ContainerSocket(RemoteEndpoint.Basic remote) {
        this.remote = remote;
    }

    @Override
    public int sendTexts(List<String> texts, Turn turn) throws IOException {
        if (texts.size() == 1) {
            long start = System.nanoTime();
            remote.sendText(texts.get(0));
            turn.took(System.nanoTime() - start);
            return 1;
        }
        int sent = 0;
        remote.setBatchingAllowed(true);
        try {
            for (String text : texts) {
                long start = System.nanoTime();
                remote.sendText(text);
                sent++;
                if (turn.took(System.nanoTime() - start)) {
                    break; // the socket kept the writer waiting long enough: the rest waits for the next turn
                }
            }
        } finally {
            remote.setBatchingAllowed(false); // flushes what the buffer still holds
        }
        return sent;
    }

    @Override
    public void sendPing(Turn turn) throws IOException {
        long start = System.nanoTime();
        remote.sendPing(NO_DATA.duplicate());
        turn.took(System.nanoTime() - start);
    }
}
