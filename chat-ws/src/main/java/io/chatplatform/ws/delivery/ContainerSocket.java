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
 * close meets a batch.
 */
final class ContainerSocket implements BlockingSocket {

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final RemoteEndpoint.Basic remote;

    ContainerSocket(RemoteEndpoint.Basic remote) {
        this.remote = remote;
    }

    @Override
    public void sendTexts(List<String> texts) throws IOException {
        if (texts.size() == 1) {
            remote.sendText(texts.get(0));
            return;
        }
        remote.setBatchingAllowed(true);
        try {
            for (String text : texts) {
                remote.sendText(text);
            }
        } finally {
            remote.setBatchingAllowed(false); // flushes what the buffer still holds
        }
    }

    @Override
    public void sendPing() throws IOException {
        remote.sendPing(NO_DATA.duplicate());
    }
}
