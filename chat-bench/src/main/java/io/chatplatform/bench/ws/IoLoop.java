package io.chatplatform.bench.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** One selector thread: owns its connections' channels, reads into one shared buffer and runs queued tasks. */
final class IoLoop implements Runnable {

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch;
    private final Thread thread;
    private final LongAdder failures;
    private volatile boolean running = true;

    IoLoop(String name, int readBufferSize, LongAdder failures) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.scratch = ByteBuffer.allocate(readBufferSize);
        this.failures = failures;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(this::dispatch, 100);
            } catch (IOException | RuntimeException e) {
                failures.increment();
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failures.increment();
                    report(e);
                }
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((WsConnection) key.attachment()).terminate(1006, "client stopped");
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
    }

    private void dispatch(SelectionKey key) {
        WsConnection connection = (WsConnection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                connection.onConnectable();
                return;
            }
            if (key.isWritable()) {
                connection.onWritable();
            }
            if (key.isValid() && key.isReadable()) {
                connection.onReadable(scratch);
            }
        } catch (RuntimeException e) {
            failures.increment();
            report(e);
            connection.terminate(1006, "client error: " + e);
        }
    }

    private void report(RuntimeException e) {
        if (failures.sum() <= 5) {
            System.err.println("[ws] unexpected " + e);
            e.printStackTrace(System.err);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
