package io.chatplatform.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One self-healing socket to {@code /ws/chat} (docs/protocol.md §4, §11), as the JavaScript client's connection.js:
 * it authenticates at the handshake, waits for READY, PINGs and drops a silent socket, sends REFRESH ahead of the
 * token's {@code exp}, and reconnects with backoff when the socket drops, until the token is refused for good or
 * {@link #stop} is called. It knows frames and close codes, nothing about rooms or the outbox: {@link ChatClient}
 * builds its recovery on the {@link Handler} callbacks.
 *
 * <p>Not thread-safe: every method runs on the client's loop thread, and so do the handler's callbacks (the JDK's
 * socket callbacks become tasks on it). {@link #state()} and {@link #userId()} may be read from any thread.
 */
final class Connection {

    /**
     * How far a device's clock may run ahead of the issuer's: a token past its {@code exp} by less than this may still
     * be good for the server, so it is offered; by more, it is not.
     */
    private static final Duration TOKEN_CLOCK_SKEW = Duration.ofSeconds(60);

    /** What the client makes of the connection's events; called on the loop thread. */
    interface Handler {
        /** The state changed. */
        void state(ConnectionState state);

        /** READY came: the connection is OPEN (the state was reported first). */
        void ready(Frame ready);

        /** Every other frame from the server. */
        void frame(Frame frame);

        /**
         * The socket is gone, closed with {@code code} (1006 when it broke without one); a reconnect, or the end,
         * follows.
         */
        void lost(int code);

        /** The end, before the state becomes CLOSED: {@code why} is null after {@link #stop} with no cause. */
        void stopped(ChatException why);

        /** The connection's own failures ({@code CONNECTION}, {@code UNAUTHORIZED}, {@code FORBIDDEN}). */
        void error(String code, String message);
    }

    /** How long a connection stays OPEN before the backoff starts over (at most the ping interval). */
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(ChatClient.class.getName());
    private static final String TOKEN_PROTOCOL = "chat.v1";

    private final ChatClient.Builder options;
    private final ScheduledExecutorService loop;
    private final Handler handler;
    private final HttpClient http;
    private final Backoff backoff;

    // Owned by the loop thread.
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending;
    private long number;
    private boolean started;
    private boolean closed;
    private int authFailures;
    /** The token offered at the latest handshake (set where the supplier's answer arrives, so volatile). */
    private volatile String offeredToken;
    private Instant lastFrameAt = Instant.EPOCH;
    private Instant expiresAt;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> readyTimer;
    private ScheduledFuture<?> heartbeatTimer;
    private ScheduledFuture<?> refreshTimer;
    private ScheduledFuture<?> healthyTimer;
    private volatile ConnectionState state = ConnectionState.OFFLINE;
    private volatile String userId;

    Connection(ChatClient.Builder options, ScheduledExecutorService loop, Handler handler) {
        this.options = options;
        this.loop = loop;
        this.handler = handler;
        this.http = options.httpClient != null ? options.httpClient : HttpClient.newHttpClient();
        this.backoff = new Backoff(options.backoffBase, options.backoffMax, options.random);
    }

    ConnectionState state() {
        return state;
    }

    /** The user the last READY named, or null before the first. */
    String userId() {
        return userId;
    }

    boolean closed() {
        return closed;
    }

    /** The number of the current (or last) socket: each handshake gets a new one. */
    long number() {
        return number;
    }

    /** Opens the first socket; once started, the connection is kept up until {@link #stop}. */
    void start() {
        if (!started && !closed) {
            started = true;
            open();
        }
    }

    /** Queues a frame on the socket; java.net.http allows one outstanding send at a time, so sends are chained. */
    boolean write(Frame frame) {
        if (socket == null || sending == null) {
            return false;
        }
        String text = frame.toJson();
        long attempt = number;
        sending = sending.thenCompose(ws -> ws.sendText(text, true));
        sending.whenCompleteAsync((ws, error) -> {
            if (error != null) {
                abortAndLose(attempt, "send failed: " + error);
            }
        }, loop);
        return true;
    }

    /** Loses the socket as a network failure would (no close handshake); the normal reconnect follows. */
    void drop() {
        abortAndLose(number, "dropped");
    }

    /** Closes the socket (1000) and stops for good; the handler hears {@link Handler#stopped} before CLOSED. */
    void stop(ChatException why) {
        if (closed) {
            return;
        }
        closed = true;
        cancel(reconnectTimer);
        cancel(readyTimer);
        cancel(heartbeatTimer);
        cancel(refreshTimer);
        cancel(healthyTimer);
        if (socket != null) {
            WebSocket ws = socket;
            socket = null;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> ws.abort());
        }
        handler.stopped(why);
        setState(ConnectionState.CLOSED);
    }

    // ---- handshake -----------------------------------------------------------------------------------------------

    private void open() {
        if (closed || socket != null) {
            return;
        }
        cancel(reconnectTimer);
        setState(ConnectionState.CONNECTING);
        long attempt = ++number;
        CompletableFuture<WebSocket> handshake;
        try {
            handshake = options.tokens.get().toCompletableFuture().thenCompose(token -> {
                offeredToken = token;
                if (options.renewableToken && pastExp(token, TOKEN_CLOCK_SKEW)) {
                    // The supplier still gives the token that expired (an application often renews a little late):
                    // the server could only refuse it, and refusals in a row end the client. Ask again later.
                    return CompletableFuture.failedFuture(new ExpiredToken());
                }
                WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(options.connectTimeout)
                        .header("Authorization", "Bearer " + token).subprotocols(TOKEN_PROTOCOL);
                return builder.buildAsync(handshakeUri(), new Listener(attempt));
            });
        } catch (RuntimeException e) {
            handshake = CompletableFuture.failedFuture(e);
        }
        // Success is taken from the listener's onOpen, which the JDK calls before any onText: the future's own
        // completion may reach the loop after the first frames (READY) did.
        handshake.whenCompleteAsync((ws, error) -> {
            if (error != null && attempt == number && socket == null && !closed) {
                handshakeFailed(unwrap(error));
            }
        }, loop);
    }

    private void attached(long attempt, WebSocket ws) {
        if (attempt != number || closed || socket != null) {
            ws.abort();
            return;
        }
        socket = ws;
        sending = CompletableFuture.completedFuture(ws);
        lastFrameAt = options.clock.instant();
        readyTimer = loop.schedule(() -> {
            if (attempt == number && state != ConnectionState.OPEN) {
                abortAndLose(attempt, "no READY");
            }
        }, options.readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private URI handshakeUri() {
        if (options.device == null) {
            return options.url;
        }
        String separator = options.url.getRawQuery() == null ? "?" : "&";
        return URI.create(options.url + separator + "device=" + URLEncoder.encode(options.device, StandardCharsets.UTF_8));
    }

    private void handshakeFailed(Throwable error) {
        if (error instanceof ExpiredToken) {
            handler.error("UNAUTHORIZED",
                    "the token supplier gave a token past its exp: asked again after the backoff");
            scheduleReconnect(Duration.ZERO);
            return;
        }
        if (error instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            if (status == 401 || status == 403) {
                authFailed("handshake refused with HTTP " + status, status == 401);
                return;
            }
            if (status == 503) {
                long retryAfter = refused.getResponse().headers().firstValueAsLong("Retry-After").orElse(1);
                scheduleReconnect(Duration.ofSeconds(retryAfter));
                return;
            }
        }
        handler.error("CONNECTION", "connecting failed: " + error);
        scheduleReconnect(Duration.ZERO);
    }

    /**
     * The server refused the token: a token supplier may give a better one; a fixed token never will. A token refused
     * as unauthenticated that is past its {@code exp} by this device's clock was offered only in case the clock runs
     * fast: its refusal says the application renews late, not that its tokens are bad, so it does not count toward
     * the refusals in a row that end the client; the supplier is asked again after the backoff.
     */
    private void authFailed(String why, boolean unauthenticated) {
        if (options.renewableToken && unauthenticated && pastExp(offeredToken, Duration.ZERO)) {
            handler.error("UNAUTHORIZED", why + ": the token is past its exp; the supplier is asked again after the "
                    + "backoff");
            scheduleReconnect(Duration.ZERO);
            return;
        }
        authFailures++;
        handler.error("UNAUTHORIZED", why);
        if (!options.renewableToken || authFailures >= 3) {
            stop(new ChatException("UNAUTHORIZED", why));
            return;
        }
        scheduleReconnect(Duration.ZERO);
    }

    /**
     * Whether the token is a JWT whose {@code exp} has passed by more than {@code by} on this device's clock. A token
     * whose claims cannot be read is offered as it is: only the server judges it.
     */
    private boolean pastExp(String token, Duration by) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            Frame claims = Frame.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            Long exp = claims.longValue("exp");
            return exp != null && !Instant.ofEpochSecond(exp).plus(by).isAfter(options.clock.instant());
        } catch (RuntimeException e) {
            return false; // not base64url, not JSON, or an exp that is no integer
        }
    }

    /** A token from the supplier that is already past its {@code exp}: not offered to the server. */
    private static final class ExpiredToken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExpiredToken() {
            super("the token is past its exp", null, false, false);
        }
    }

    // ---- losing the socket ---------------------------------------------------------------------------------------

    private void lost(long attempt, int code, String reason) {
        if (attempt != number || socket == null) {
            return;
        }
        boolean wasOpen = state == ConnectionState.OPEN;
        socket = null;
        sending = null;
        cancel(readyTimer);
        cancel(heartbeatTimer);
        cancel(refreshTimer);
        cancel(healthyTimer);
        handler.lost(code);
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "connection lost: " + code + " " + reason);
        if (code == 4403) {
            handler.error("FORBIDDEN", "closed with 4403: " + reason);
            stop(new ChatException("FORBIDDEN", "closed with 4403: " + reason));
            return;
        }
        if (code == 4401) {
            if (!wasOpen) {
                authFailed("closed with 4401: " + reason, true);
                return;
            }
            if (!options.renewableToken) {
                handler.error("UNAUTHORIZED", "closed with 4401: " + reason);
                stop(new ChatException("UNAUTHORIZED", "closed with 4401: " + reason));
                return;
            }
        }
        scheduleReconnect(code == 1008 ? options.backoffMax.dividedBy(2) : Duration.ZERO);
    }

    private void abortAndLose(long attempt, String reason) {
        if (attempt == number && socket != null) {
            socket.abort();
            lost(attempt, 1006, reason);
        }
    }

    private void scheduleReconnect(Duration atLeast) {
        if (closed) {
            return;
        }
        setState(ConnectionState.OFFLINE);
        Duration wait = backoff.next();
        if (wait.compareTo(atLeast) < 0) {
            wait = atLeast;
        }
        cancel(reconnectTimer);
        reconnectTimer = loop.schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- frames --------------------------------------------------------------------------------------------------

    private void received(long attempt, String text) {
        if (attempt != number || socket == null) {
            return;
        }
        lastFrameAt = options.clock.instant();
        Frame frame;
        try {
            frame = Frame.parse(text);
        } catch (Json.JsonException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a frame that is not a JSON object: " + e.getMessage());
            return;
        }
        String type = frame.type();
        if (type == null) {
            return;
        }
        try {
            dispatch(frame, type);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed " + type + " frame: " + e.getMessage());
        }
    }

    private void dispatch(Frame frame, String type) {
        if ("READY".equals(type)) {
            ready(frame);
            return;
        }
        if ("REFRESHED".equals(type)) {
            scheduleRefresh(frame.string("expiresAt"));
        } else if ("ERROR".equals(type) && "REFRESH".equals(frame.string("ref")) && refreshTimer == null) {
            refreshTimer = loop.schedule(this::refresh, 2, TimeUnit.SECONDS);
        }
        handler.frame(frame);
    }

    private void ready(Frame frame) {
        cancel(readyTimer);
        userId = frame.string("userId");
        authFailures = 0;
        // The backoff starts over only once the connection has stayed up a while (protocol.md §9.2), as in the
        // JavaScript client: a server that accepts and drops at once is not hammered at the base delay for ever.
        long attempt = number;
        cancel(healthyTimer);
        healthyTimer = loop.schedule(() -> {
            if (attempt == number && state == ConnectionState.OPEN) {
                backoff.reset();
            }
        }, Math.min(HEALTHY_AFTER.toMillis(), options.pingInterval.toMillis()), TimeUnit.MILLISECONDS);
        setState(ConnectionState.OPEN);
        handler.ready(frame);
        scheduleRefresh(frame.string("expiresAt"));
        startHeartbeat();
    }

    // ---- token refresh and heartbeat -----------------------------------------------------------------------------

    /** Refreshes ahead of expiry: {@code refreshBefore}, or a quarter of the remaining life for short-lived tokens. */
    private void scheduleRefresh(String expiry) {
        cancel(refreshTimer);
        refreshTimer = null;
        if (expiry == null || !options.renewableToken) {
            return;
        }
        Instant newExpiry = Instant.parse(expiry);
        Instant now = options.clock.instant();
        Duration remaining = Duration.between(now, newExpiry);
        Duration lead = remaining.dividedBy(4).compareTo(options.refreshBefore) < 0 ? remaining.dividedBy(4) : options.refreshBefore;
        long delay = Math.max(500, remaining.minus(lead).toMillis());
        if (expiresAt != null && !newExpiry.isAfter(expiresAt)) {
            delay = Math.max(delay, 1000); // the supplier gave the same token again: do not spin
        }
        expiresAt = newExpiry;
        refreshTimer = loop.schedule(this::refresh, delay, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        refreshTimer = null;
        long attempt = number;
        if (state != ConnectionState.OPEN) {
            return;
        }
        CompletableFuture<String> next;
        try {
            next = options.tokens.get().toCompletableFuture();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e); // a supplier that throws fails as one whose future fails
        }
        next.whenCompleteAsync((token, error) -> {
            if (attempt != number || state != ConnectionState.OPEN) {
                return;
            }
            if (error != null) {
                handler.error("UNAUTHORIZED", "the token supplier failed: " + error);
                refreshTimer = loop.schedule(this::refresh, 2, TimeUnit.SECONDS);
                return;
            }
            write(Frame.of("type", "REFRESH", "token", token));
        }, loop);
    }

    /**
     * PINGs every {@code pingInterval} and drops a connection silent for twice that. The silence is checked on ticks
     * of a quarter of the interval (at most 1 s), not only at each PING: checked only then, a connection whose last
     * PONG came just after a PING was dropped a whole interval late (60 s instead of 40 s by default).
     */
    private void startHeartbeat() {
        cancel(heartbeatTimer);
        long attempt = number;
        long every = options.pingInterval.toMillis();
        long tick = Math.max(1, Math.min(every / 4, 1000));
        Instant[] lastPing = {options.clock.instant()};
        heartbeatTimer = loop.scheduleAtFixedRate(() -> {
            if (attempt != number || socket == null) {
                return;
            }
            Instant now = options.clock.instant();
            if (Duration.between(lastFrameAt, now).toMillis() > 2 * every) {
                abortAndLose(attempt, "no frame for " + 2 * every + " ms");
                return;
            }
            if (Duration.between(lastPing[0], now).toMillis() >= every - tick / 2) {
                lastPing[0] = now;
                write(Frame.of("type", "PING"));
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void setState(ConnectionState next) {
        if (state != next) {
            state = next;
            handler.state(next);
        }
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** Turns the JDK's callbacks into work on the loop thread; text frames may come in parts. */
    private final class Listener implements WebSocket.Listener {
        private final long attempt;
        private final StringBuilder partial = new StringBuilder();

        Listener(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            loop.execute(() -> attached(attempt, webSocket));
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                loop.execute(() -> received(attempt, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> lost(attempt, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> lost(attempt, 1006, String.valueOf(error)));
        }
    }
}
