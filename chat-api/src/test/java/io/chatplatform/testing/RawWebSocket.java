package io.chatplatform.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket client written by hand over a plain TCP socket, for what the JDK client will not do: it never
 * answers pings, reads only when told to, and can shrink its receive buffer so that the server's writes back up.
 * Client frames are masked as RFC 6455 requires.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String handshakeResponse;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and performs the opening handshake; fails unless the server answers 101 with the right accept key.
     *
     * @param receiveBufferBytes the TCP receive buffer to ask for, or 0 for the system default
     */
    public static RawWebSocket connect(int port, String path, Map<String, String> headers, int receiveBufferBytes) {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                // before connecting, so that the advertised window is small from the start
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new InetSocketAddress("localhost", port), 10_000);
            socket.setSoTimeout(10_000);
            RawWebSocket client = new RawWebSocket(socket);
            client.handshake(port, path, headers);
            return client;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    private void handshake(int port, String path, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String response = readHttpHead();
        handshakeResponse = response;
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + response.lines().findFirst().orElse(response));
        }
        String expected = acceptFor(key);
        boolean accepted = response.lines().anyMatch(line -> line.toLowerCase().startsWith("sec-websocket-accept:")
                && line.substring(line.indexOf(':') + 1).strip().equals(expected));
        if (!accepted) {
            throw new IOException("wrong Sec-WebSocket-Accept in " + response);
        }
    }

    /** Reads the response head byte by byte, so that not one byte of the first frame is consumed. */
    private String readHttpHead() throws IOException {
        return readHttpHead(in);
    }

    /**
     * Reads an HTTP response head (up to and including the blank line) byte by byte, so that not one byte of what
     * follows is consumed.
     */
    public static String readHttpHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the end of the HTTP head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's answer to the opening handshake: status line and headers. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** The values of one header of the handshake response, in order (names compared without case). */
    public List<String> handshakeHeader(String name) {
        return handshakeResponse.lines()
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).strip())
                .toList();
    }

    /** Sends one final text frame, masked. */
    public void sendText(String text) {
        write(textFrame(text));
    }

    /** Sends only the first {@code bytes} bytes of a masked text frame, as a client that trickles its input. */
    public void sendTextPrefix(String text, int bytes) {
        byte[] frame = textFrame(text);
        write(java.util.Arrays.copyOf(frame, Math.min(bytes, frame.length)));
    }

    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | OP_TEXT);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next frame, waiting at most the socket timeout; server frames are never masked. */
    public Frame readFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a frame");
        }
        return new Frame(first & 0x0F, payload, (first & 0x80) != 0);
    }

    /**
     * Reads the next whole message: a text message's fragments joined (Tomcat sends a message longer than its
     * buffer in several frames), or a close frame as it comes; pings are skipped.
     */
    public Frame readMessage() throws IOException {
        ByteArrayOutputStream text = null;
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == OP_CLOSE) {
                return frame;
            }
            if (frame.opcode() == OP_TEXT) {
                text = new ByteArrayOutputStream();
            } else if (frame.opcode() != OP_CONTINUATION || text == null) {
                continue;
            }
            text.writeBytes(frame.payload());
            if (frame.fin()) {
                return new Frame(OP_TEXT, text.toByteArray(), true);
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /**
     * Reads every frame until the server closes the connection: a close frame, the end of the stream or a reset.
     * Fails if the connection is still open, silent, after {@code within}.
     */
    public Ending readUntilClosed(Duration within) {
        List<Frame> frames = new ArrayList<>();
        try {
            socket.setSoTimeout((int) within.toMillis());
            while (true) {
                Frame frame = readFrame();
                frames.add(frame);
                if (frame.opcode() == OP_CLOSE) {
                    return new Ending(frames, frame.closeCode(), "close frame");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + within + " (" + frames.size()
                    + " frames read)");
        } catch (EOFException e) {
            return new Ending(frames, -1, "end of stream");
        } catch (IOException e) {
            return new Ending(frames, -1, "reset: " + e);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload, boolean fin) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    /**
     * How the connection ended: the frames read on the way, the close code of a close frame (-1 when the
     * connection simply ended), and how.
     */
    public record Ending(List<Frame> frames, int closeCode, String how) {

        public long count(int opcode) {
            return frames.stream().filter(frame -> frame.opcode() == opcode).count();
        }
    }
}
