package io.chatplatform.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The listeners of one client, and the one queue their callbacks go through: events are delivered one at a time, in
 * the order they were emitted, on the executor the application chose (at most one of its threads at once, whatever
 * executor it is). A listener that throws (an Error too, but a VirtualMachineError) is logged and does not stop the
 * others.
 */
final class Events {

    private static final System.Logger LOG = System.getLogger(ChatClient.class.getName());

    private final Map<String, List<Consumer<Frame>>> listeners = new ConcurrentHashMap<>();
    private final SerialExecutor serial;

    Events(Executor executor) {
        this.serial = new SerialExecutor(executor);
    }

    AutoCloseable on(String event, Consumer<Frame> listener) {
        List<Consumer<Frame>> list = listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** Queues the event for its listeners and those of {@code "*"}. */
    void emit(String event, Frame frame) {
        serial.execute(() -> {
            notify(listeners.get(event), frame);
            notify(listeners.get("*"), frame);
        });
    }

    /** Runs a task in the callbacks' order (completing a future, so that its stages run after earlier events). */
    void run(Runnable task) {
        serial.execute(task);
    }

    private static void notify(List<Consumer<Frame>> list, Frame frame) {
        if (list == null) {
            return;
        }
        for (Consumer<Frame> listener : list) {
            try {
                listener.accept(frame);
            } catch (VirtualMachineError e) {
                throw e; // out of memory, a stack overflow: nothing sensible goes on after it
            } catch (Throwable e) {
                // an Error too (an AssertionError of a test's listener): it must not stop the others, nor the queue
                LOG.log(System.Logger.Level.WARNING, "a listener failed on " + frame.event(), e);
            }
        }
    }

    /** Runs tasks one after the other on any executor (the classic serial executor of java.util.concurrent.Executor). */
    static final class SerialExecutor implements Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private final Executor executor;
        private Runnable active;

        SerialExecutor(Executor executor) {
            this.executor = executor;
        }

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(() -> {
                try {
                    task.run();
                } finally {
                    scheduleNext();
                }
            });
            if (active == null) {
                scheduleNext();
            }
        }

        private synchronized void scheduleNext() {
            active = tasks.poll();
            if (active != null) {
                executor.execute(active);
            }
        }
    }
}
