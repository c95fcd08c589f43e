package io.chatplatform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a random loopback port in front of the server, for tests of what a client does when the network
 * fails: {@link #cut()} resets every connection through it at once, mid-conversation (no close frame, as a lost
 * network or a crashed node looks to both ends), and {@link #refuse(boolean)} keeps new connections from getting
 * through (accepted, then reset) until told otherwise. {@link #muteReplies()} lets the client's bytes through but
 * drops the server's on the connections open now, so that requests are handled and their answers lost.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile int generation;
    private volatile int mutedGeneration = -1;
    private volatile int accepted;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections that got through so far. */
    public int accepted() {
        return accepted;
    }

    /** Resets every connection through the proxy. */
    public void cut() {
        generation++;
        for (Socket socket : open) {
            reset(socket);
        }
        open.clear();
    }

    /** From now on, until {@link #cut()}, what the server sends on the open connections is dropped. */
    public void muteReplies() {
        mutedGeneration = generation;
    }

    /** While true, new connections are reset as soon as they are accepted. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                open.add(client);
                open.add(upstream);
                accepted++;
                int connectionGeneration = generation;
                pump(client, upstream, () -> false);
                pump(upstream, client, () -> mutedGeneration == connectionGeneration);
            } catch (IOException e) {
                // closed, or one connection failed: keep accepting while open
            }
        }
    }

    private void pump(Socket from, Socket to, java.util.function.BooleanSupplier muted) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (muted.getAsBoolean()) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or the other side went
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, not FIN: the peer sees the connection die, not end
        } catch (IOException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
