package io.chatplatform.bench.chat;

import io.chatplatform.bench.ws.WsClient;
import io.chatplatform.bench.ws.WsConnection;
import io.chatplatform.bench.ws.WsListener;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One user's {@code /ws/chat} socket: authenticates, waits for READY, then hands frames to the scenario. */
public final class ChatSession implements WsListener {

    private final int index;
    private final String userId;
    private final String token;
    private final ChatHandler handler;
    private final CompletableFuture<ChatSession> ready = new CompletableFuture<>();
    private volatile WsConnection connection;
    private volatile boolean closed;
    private volatile int closeCode;

    public ChatSession(int index, String userId, String token, ChatHandler handler) {
        this.index = index;
        this.userId = userId;
        this.token = token;
        this.handler = handler;
    }

    public int index() {
        return index;
    }

    public String userId() {
        return userId;
    }

    public String token() {
        return token;
    }

    /** Opens the socket; the returned future completes on READY or fails with why it did not come. */
    public CompletableFuture<ChatSession> connect(WsClient client, Target target) {
        String path = target.wsPath();
        List<String> headers = List.of();
        switch (target.auth()) {
            case "header" -> headers = List.of("Authorization: Bearer " + token);
            case "query" -> path = path + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            default -> { } // init: sent in onOpen
        }
        boolean sendInit = target.auth().equals("init");
        connection = client.connect(target.socketAddress(), target.hostHeader(), path, headers, this);
        connection.opened().whenComplete((opened, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(failure);
            } else if (sendInit) {
                opened.send(ClientFrames.init(token));
            }
        });
        return ready;
    }

    public boolean send(byte[] frame) {
        WsConnection current = connection;
        return current != null && current.send(frame);
    }

    public boolean isOpen() {
        WsConnection current = connection;
        return current != null && current.isOpen() && !closed;
    }

    public boolean isClosed() {
        return closed;
    }

    /** No socket left: closed, failed, or never started. */
    public boolean isTerminated() {
        WsConnection current = connection;
        return current == null || current.isClosed();
    }

    public int closeCode() {
        return closeCode;
    }

    public void close() {
        WsConnection current = connection;
        if (current != null) {
            current.close(1000);
        }
    }

    /**
     * Closes every session (close 1000), waits up to {@code patience} for their sockets to be gone, then drops
     * whatever is still there.
     */
    public static void closeAll(Collection<ChatSession> sessions, Duration patience) throws InterruptedException {
        sessions.forEach(ChatSession::close);
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && !sessions.stream().allMatch(ChatSession::isTerminated)) {
            Thread.sleep(100);
        }
        sessions.forEach(ChatSession::abort);
    }

    public void abort() {
        WsConnection current = connection;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onOpen(WsConnection connection) {
    }

    @Override
    public void onText(WsConnection connection, byte[] buffer, int offset, int length) {
        long now = System.nanoTime();
        if (handler.onFrame(this, buffer, offset, length, now)) {
            return;
        }
        ServerFrame frame = FrameParser.parse(buffer, offset, length);
        String type = frame.type();
        if (type == null) {
            handler.onOther(this, frame);
            return;
        }
        switch (type) {
            case ServerFrame.MESSAGE -> handler.onMessage(this, frame, now);
            case ServerFrame.ACK -> handler.onAck(this, frame, now);
            case ServerFrame.PONG -> handler.onPong(this, now);
            case ServerFrame.ERROR -> handler.onError(this, frame);
            case ServerFrame.READY -> ready.complete(this);
            case History.TYPE -> {
                History history = FrameParser.history(buffer, offset, length);
                if (history == null) {
                    handler.onOther(this, frame);
                } else {
                    handler.onHistory(this, history, now);
                }
            }
            default -> handler.onOther(this, frame);
        }
    }

    @Override
    public void onClosed(WsConnection connection, int code, String reason) {
        closeCode = code;
        closed = true;
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            // never became ready (or gave up waiting): the connector counts it as a failed connect, not a drop
            ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason + " before READY"));
            return;
        }
        handler.onClosed(this, code, reason);
    }
}
