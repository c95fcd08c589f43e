package io.chatplatform.client;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket server whose every frame the test writes by hand (RFC 6455, text frames only, JDK only): for the
 * client's answers to frames a real server sends rarely or not yet, such as {@code ERROR UNAVAILABLE}. It takes one
 * connection at a time: a reconnect replaces the connection the test talks to.
 */
final class ScriptedServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile Socket socket;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile OutputStream out;
    /** The {@code Authorization} header of each handshake, in order. */
    private final List<String> handshakes = new CopyOnWriteArrayList<>();

    ScriptedServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "scripted-ws-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/chat");
    }

    /** Sends a text frame to the client (unmasked, as a server does). */
    synchronized void send(String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        writeFrame(frame, payload);
    }

    /** Closes the current connection with a close frame carrying {@code code} (e.g. 1009), as the server does. */
    synchronized void close(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 2];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x88);
        writeFrame(frame, payload);
    }

    private void writeFrame(ByteArrayOutputStream frame, byte[] payload) throws IOException {
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(payload);
        OutputStream stream = awaitConnected();
        stream.write(frame.toByteArray());
        stream.flush();
    }

    /** The {@code Authorization} headers of the handshakes so far (one per connection the client opened). */
    List<String> handshakes() {
        return List.copyOf(handshakes);
    }

    /** Waits until the client has opened {@code count} connections in all. */
    void awaitHandshakes(int count, Duration within) {
        await().alias(count + " connections from the client").atMost(within).until(() -> handshakes.size() >= count);
    }

    /** Whether a frame of this type from the client waits, not yet taken by {@link #next}. */
    boolean holds(String type) {
        return received.stream().anyMatch(frame -> type.equals(frame.type()));
    }

    /** The next frame from the client of this type (others, such as PING, are skipped). */
    Frame expect(String type, Duration within) throws InterruptedException {
        return next(frame -> type.equals(frame.type()), within);
    }

    Frame next(Predicate<Frame> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Frame frame = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no matching frame from the client within " + within);
            }
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    private OutputStream awaitConnected() throws IOException {
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the client did not connect");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private void serve() {
        try {
            while (true) {
                Socket accepted = server.accept();
                DataInputStream in;
                String[] headers;
                OutputStream stream;
                try {
                    in = new DataInputStream(accepted.getInputStream());
                    headers = handshake(in);
                    stream = accepted.getOutputStream();
                    stream.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(headers[0])
                            + "\r\nSec-WebSocket-Protocol: chat.v1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    stream.flush();
                } catch (IOException e) {
                    accepted.close(); // a handshake cut short: wait for the next one
                    continue;
                }
                socket = accepted; // the connection frames now go to (before it is counted)
                out = stream;
                handshakes.add(String.valueOf(headers[1]));
                connected.countDown();
                Thread reader = new Thread(() -> read(in), "scripted-ws-reader");
                reader.setDaemon(true);
                reader.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 8) {
                    return;
                }
                if (opcode == 1) {
                    received.add(Frame.parse(new String(payload, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The handshake's {@code Sec-WebSocket-Key} and {@code Authorization} headers (null when absent). */
    private static String[] handshake(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        String[] headers = new String[2];
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("handshake cut short");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.isEmpty()) {
                return headers;
            }
            String name = header.toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("sec-websocket-key:")) {
                headers[0] = header.substring(header.indexOf(':') + 1).trim();
            } else if (name.startsWith("authorization:")) {
                headers[1] = header.substring(header.indexOf(':') + 1).trim();
            }
        }
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
