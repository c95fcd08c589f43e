package io.chatplatform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a server (PostgreSQL or Redis for the server under test, or the server under test for the
 * Java client), for faults without Docker:
 * <ul>
 *   <li>{@link #outage()}: every open connection is reset and new ones are refused, as while a server restarts;</li>
 *   <li>{@link #cutAll()}: every open connection is reset, mid-conversation (no close, as a lost network or a crashed
 *       node looks to both ends), and new ones are let through;</li>
 *   <li>{@link #stall()}: connections stay open, new ones are accepted, and nothing passes in either direction, as
 *       with a frozen server or a silent network: the case that holds a thread forever without timeouts;</li>
 *   <li>{@link #slow(Duration)}: every chunk the server answers arrives that much later (each statement's round trip
 *       grows by it; throughput is kept, chunks are not serialised behind each other's delay);</li>
 *   <li>{@link #muteAnswers()}: what the client sends gets through and what the server answers is dropped, so that
 *       requests are handled and their answers lost;</li>
 *   <li>{@link #restore()}: back to passing everything; what a stall held is delivered then, in order.</li>
 * </ul>
 * Blocking threads: one acceptor, and per connection a reader and a writer for each direction (a queue between
 * them carries each chunk with the time it may leave).
 */
public final class FaultProxy implements AutoCloseable {

    private static final Pattern JDBC_HOST = Pattern.compile("^(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?(/.*)$");

    private enum Mode { PASS, REFUSE, STALL }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyNanos;
    private volatile boolean muted;
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FaultProxy to(String host, int port) {
        return new FaultProxy(host, port);
    }

    /** A proxy in front of the PostgreSQL of a JDBC URL, and {@link #jdbcUrl} gives the URL through it. */
    public static FaultProxy forJdbcUrl(String jdbcUrl) {
        Matcher matcher = jdbcHost(jdbcUrl);
        return to(matcher.group(2), matcher.group(3) == null ? 5432 : Integer.parseInt(matcher.group(3)));
    }

    /** A proxy in front of the Redis of a {@code redis://host:port} URL. */
    public static FaultProxy forRedisUrl(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return to(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    /** The same JDBC URL with this proxy as its host and port. */
    public String jdbcUrl(String jdbcUrl) {
        Matcher matcher = jdbcHost(jdbcUrl);
        return matcher.group(1) + "127.0.0.1:" + port() + matcher.group(4);
    }

    private static Matcher jdbcHost(String jdbcUrl) {
        Matcher matcher = JDBC_HOST.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/… URL: " + jdbcUrl);
        }
        return matcher;
    }

    /** The same Redis URL with this proxy as its host and port. */
    public String redisUrl(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return uri.getScheme() + "://" + (uri.getUserInfo() == null ? "" : uri.getUserInfo() + "@") + "127.0.0.1:"
                + port() + (uri.getPath() == null ? "" : uri.getPath());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far (refused ones included). */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void outage() {
        mode = Mode.REFUSE;
        cutAll();
    }

    /** Resets every open connection; new ones are let through (a restart that was quick), and answered again. */
    public void cutAll() {
        for (Socket socket : open) {
            reset(socket);
        }
        muted = false;
    }

    /** Nothing passes any more, in either direction, on open connections or new ones, until {@link #restore()}. */
    public void stall() {
        mode = Mode.STALL;
    }

    /** Every chunk from the server is delivered {@code latency} late, until {@link #restore()}. */
    public void slow(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /**
     * What the server sends is dropped, on open connections and new ones, until {@link #cutAll()} (which the client
     * needs to notice that its answers are lost), {@link #outage()} or {@link #restore()}.
     */
    public void muteAnswers() {
        muted = true;
    }

    public void restore() {
        latencyNanos = 0;
        muted = false;
        synchronized (gate) {
            mode = Mode.PASS;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fault proxy " + port() + ": accept failed: " + e);
                }
                return;
            }
            accepted.incrementAndGet();
            if (mode == Mode.REFUSE) {
                reset(client);
                continue;
            }
            Thread connector = new Thread(() -> link(client), "fault-proxy-link-" + port());
            connector.setDaemon(true);
            connector.start();
        }
    }

    private void link(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            if (mode == Mode.REFUSE) { // an outage began while this one connected
                throw new IOException("refused");
            }
            pump(client, upstream, false, "up");
            pump(upstream, client, true, "down");
        } catch (IOException e) {
            reset(client);
            reset(upstream);
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    /**
     * Copies {@code from} to {@code to} through a queue, delaying chunks of answers by the latency of the moment or
     * dropping them while muted.
     */
    private void pump(Socket from, Socket to, boolean answers, String direction) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (answers && muted) {
                        continue;
                    }
                    long delay = answers ? latencyNanos : 0;
                    chunks.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delay));
                }
            } catch (IOException e) {
                // reset or closed: the writer ends the other side
            }
            chunks.add(END);
        }, "fault-proxy-" + direction + "-read-" + port());
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = chunks.take();
                    if (chunk == END) {
                        break;
                    }
                    awaitPassing();
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    awaitPassing();
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side is gone
            }
            reset(from);
            reset(to);
        }, "fault-proxy-" + direction + "-write-" + port());
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void awaitPassing() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.STALL && !closed) {
                gate.wait(100);
            }
        }
    }

    /** Closes with RST (linger 0): the peer sees "connection reset" at once, as when a server process dies. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            if (socket.isConnected() && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        restore();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        cutAll();
    }
}
