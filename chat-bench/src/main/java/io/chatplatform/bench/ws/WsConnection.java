package io.chatplatform.bench.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One client socket. Reads and protocol work happen on its {@link IoLoop}; {@link #send} may be called from any
 * thread and writes straight to the socket when nothing is queued, so a paced sender does not wait for a loop.
 */
public final class WsConnection {

    private enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final IoLoop loop;
    private final InetSocketAddress address;
    private final byte[] handshakeRequest;
    private final WsListener listener;
    private final CompletableFuture<WsConnection> opened = new CompletableFuture<>();
    private final FrameReader reader = new FrameReader();
    private final FrameReader.Sink sink = this::onFrame;

    private SocketChannel channel;
    private SelectionKey key;
    private volatile State state = State.CONNECTING;
    private ArrayDeque<ByteBuffer> outbound;
    private byte[] response;
    private int responseLength;
    /** Why the handshake was refused, when the server answered it with a status other than 101. */
    private HandshakeRefused refusal;
    private byte[] message;
    private int messageLength;

    WsConnection(IoLoop loop, InetSocketAddress address, byte[] handshakeRequest, WsListener listener) {
        this.loop = loop;
        this.address = address;
        this.handshakeRequest = handshakeRequest;
        this.listener = listener;
    }

    /** Completes when the handshake succeeded; fails with the reason when it did not. */
    public CompletableFuture<WsConnection> opened() {
        return opened;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** The socket is gone (or never opened). */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Sends one pre-encoded frame ({@link WsFrames#text}). Never blocks: what the socket does not take now waits in
     * this connection's queue.
     *
     * @return false when the connection is not open
     */
    public boolean send(byte[] frame) {
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            return write(ByteBuffer.wrap(frame));
        }
    }

    /** Starts the closing handshake (the server answers with its close frame, then the socket closes). */
    public void close(int code) {
        loop.execute(() -> {
            synchronized (this) {
                if (state != State.OPEN) {
                    return;
                }
                state = State.CLOSING;
                write(ByteBuffer.wrap(WsFrames.close(code)));
            }
        });
    }

    /** Drops the socket without a closing handshake. */
    public void abort() {
        loop.execute(() -> terminate(1006, "aborted by client"));
    }

    void start() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(loop.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                onConnected();
            }
        } catch (IOException e) {
            terminate(1006, "connect: " + e);
        }
    }

    void onConnectable() {
        try {
            channel.finishConnect();
            onConnected();
        } catch (IOException e) {
            terminate(1006, "connect: " + e);
        }
    }

    private void onConnected() {
        state = State.HANDSHAKE;
        key.interestOps(SelectionKey.OP_READ);
        synchronized (this) {
            write(ByteBuffer.wrap(handshakeRequest));
        }
    }

    void onReadable(ByteBuffer scratch) {
        while (state != State.CLOSED) {
            scratch.clear();
            int read;
            try {
                read = channel.read(scratch);
            } catch (IOException e) {
                terminate(1006, "read: " + e.getMessage());
                return;
            }
            if (read < 0) {
                terminate(1006, "connection closed without a close frame");
                return;
            }
            if (read == 0) {
                return;
            }
            consume(scratch.array(), read);
            if (read < scratch.capacity()) {
                return;
            }
        }
    }

    private void consume(byte[] bytes, int length) {
        int offset = 0;
        if (state == State.HANDSHAKE) {
            offset = readResponse(bytes, length);
            if (offset < 0 || state != State.OPEN) {
                return;
            }
        }
        if (offset < length) {
            reader.feed(bytes, offset, length - offset, sink);
        }
    }

    /** @return where frames start in {@code bytes}, or -1 while the response headers are incomplete */
    private int readResponse(byte[] bytes, int length) {
        if (response == null) {
            response = new byte[512];
        }
        if (responseLength + length > response.length) {
            if (responseLength + length > 64 * 1024) {
                terminate(1006, "handshake response too large");
                return -1;
            }
            response = Arrays.copyOf(response, Math.max(response.length * 2, responseLength + length));
        }
        System.arraycopy(bytes, 0, response, responseLength, length);
        int before = responseLength;
        responseLength += length;
        int end = Handshake.endOfHeaders(response, responseLength);
        if (end < 0) {
            return -1;
        }
        int status = Handshake.status(response, responseLength);
        if (status != 101) {
            refusal = new HandshakeRefused(status, Handshake.retryAfter(response, end));
            response = null;
            terminate(1006, refusal.getMessage());
            return -1;
        }
        response = null;
        state = State.OPEN;
        opened.complete(this);
        listener.onOpen(this);
        return end - before;
    }

    private void onFrame(int opcode, boolean fin, byte[] buffer, int offset, int length) {
        switch (opcode) {
            case WsFrames.TEXT, WsFrames.BINARY -> {
                if (fin) {
                    if (opcode == WsFrames.TEXT && state == State.OPEN) {
                        listener.onText(this, buffer, offset, length);
                    }
                } else {
                    message = Arrays.copyOfRange(buffer, offset, offset + length);
                    messageLength = length;
                }
            }
            case WsFrames.CONTINUATION -> appendFragment(fin, buffer, offset, length);
            case WsFrames.PING -> {
                synchronized (this) {
                    if (state != State.OPEN) {
                        return;
                    }
                    write(ByteBuffer.wrap(WsFrames.frame(WsFrames.PONG,
                            Arrays.copyOfRange(buffer, offset, offset + length))));
                }
            }
            case WsFrames.CLOSE -> onCloseFrame(buffer, offset, length);
            default -> { } // PONG and reserved opcodes: nothing to do
        }
    }

    private void appendFragment(boolean fin, byte[] buffer, int offset, int length) {
        if (message == null) {
            return;
        }
        if (messageLength + length > FrameReader.MAX_FRAME) {
            terminate(1009, "message too large");
            return;
        }
        if (messageLength + length > message.length) {
            message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + length));
        }
        System.arraycopy(buffer, offset, message, messageLength, length);
        messageLength += length;
        if (fin) {
            byte[] complete = message;
            message = null;
            if (state == State.OPEN) {
                listener.onText(this, complete, 0, messageLength);
            }
        }
    }

    private void onCloseFrame(byte[] buffer, int offset, int length) {
        int code = length >= 2 ? ((buffer[offset] & 0xFF) << 8) | (buffer[offset + 1] & 0xFF) : 1005;
        String reason = length > 2 ? new String(buffer, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
        if (state == State.OPEN) {
            synchronized (this) {
                write(ByteBuffer.wrap(WsFrames.close(code == 1005 ? 1000 : code)));
            }
        }
        terminate(code, reason);
    }

    void onWritable() {
        synchronized (this) {
            try {
                while (outbound != null && !outbound.isEmpty()) {
                    ByteBuffer next = outbound.peek();
                    channel.write(next);
                    if (next.hasRemaining()) {
                        return;
                    }
                    outbound.poll();
                }
            } catch (IOException e) {
                loop.execute(() -> terminate(1006, "write: " + e.getMessage()));
                return;
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** Writes now or queues; callers hold this connection's lock. */
    private boolean write(ByteBuffer buffer) {
        if (outbound != null && !outbound.isEmpty()) {
            outbound.add(buffer);
            return true;
        }
        try {
            channel.write(buffer);
        } catch (IOException e) {
            loop.execute(() -> terminate(1006, "write: " + e.getMessage()));
            return false;
        }
        if (buffer.hasRemaining()) {
            if (outbound == null) {
                outbound = new ArrayDeque<>(4);
            }
            outbound.add(buffer);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            if (!loop.inLoop()) {
                loop.wakeup();
            }
        }
        return true;
    }

    /** Ends the connection once; tells the listener if it had opened. Runs on the loop thread. */
    void terminate(int code, String reason) {
        State before;
        synchronized (this) {
            before = state;
            if (before == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            outbound = null;
        }
        if (key != null) {
            key.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (!opened.isDone()) {
            opened.completeExceptionally(refusal != null ? refusal : new IOException(reason));
        }
        if (before == State.OPEN || before == State.CLOSING) {
            listener.onClosed(this, code, reason);
        }
    }
}
