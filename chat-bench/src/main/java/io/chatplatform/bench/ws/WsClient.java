package io.chatplatform.bench.ws;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Opens WebSocket connections spread over a fixed number of selector threads. */
public final class WsClient implements AutoCloseable {

    private final IoLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder failures = new LongAdder();

    public WsClient(int ioThreads) {
        loops = new IoLoop[ioThreads];
        for (int i = 0; i < ioThreads; i++) {
            loops[i] = new IoLoop("ws-io-" + i, 256 * 1024, failures);
            loops[i].start();
        }
    }

    /**
     * Starts connecting; the connection's {@link WsConnection#opened()} completes after the handshake.
     *
     * @param extraHeaders whole header lines, such as {@code Authorization: Bearer ...}
     */
    public WsConnection connect(InetSocketAddress address, String hostHeader, String pathAndQuery,
            List<String> extraHeaders, WsListener listener) {
        IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        WsConnection connection = new WsConnection(loop, address,
                Handshake.request(hostHeader, pathAndQuery, extraHeaders), listener);
        loop.execute(connection::start);
        return connection;
    }

    /** Unexpected exceptions in the client or its listeners (bugs, not network conditions). */
    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.stop();
        }
    }
}
