package io.chatplatform.domain.crowd;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Applies at most one position per user per minimum interval without losing the latest one. A position that comes
 * sooner than the interval after the previously applied one waits in the user's pending slot, replacing any
 * position already waiting there, and is applied when the interval ends; so the counts never keep a position older
 * than the user's last report for longer than the interval.
 *
 * <p>Each user's positions are applied one at a time, in the order they were taken (the user's slot is locked
 * while one is applied); different users' run in parallel.
 */
final class LocationCoalescer {

    /** Where applied positions go. */
    interface Target {

        void apply(String userId, double lat, double lng);

        void forget(String userId);
    }

    /** Runs a task later, once; the coalescer needs nothing else of a scheduler. */
    interface Timer {

        void schedule(Runnable task, long delayMillis);
    }

    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private final Timer timer;
    private final Target target;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    LocationCoalescer(long intervalMillis, LongSupplier clockMillis, Timer timer, Target target) {
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
        this.timer = timer;
        this.target = target;
    }

    /** Applies the position now if the interval since the user's last one has passed, else when it does. */
    void offer(String userId, double lat, double lng) {
        while (true) {
            Slot slot = slots.computeIfAbsent(userId, id -> new Slot());
            synchronized (slot) {
                if (slot.retired) {
                    continue; // forgotten in between: a fresh slot is in the map (or will be)
                }
                long now = clockMillis.getAsLong();
                long due = slot.appliedAt + intervalMillis;
                if (!slot.pending && (slot.appliedAt == Long.MIN_VALUE || now >= due)) {
                    slot.appliedAt = now;
                    target.apply(userId, lat, lng);
                    return;
                }
                slot.lat = lat;
                slot.lng = lng;
                if (!slot.pending) {
                    slot.pending = true;
                    timer.schedule(() -> flush(userId, slot), Math.max(0, due - now));
                }
                return;
            }
        }
    }

    /** Drops the user's pending position, if any, and forgets where they are. */
    void forget(String userId) {
        Slot slot = slots.remove(userId);
        if (slot == null) {
            target.forget(userId);
            return;
        }
        synchronized (slot) {
            slot.retired = true;
            slot.pending = false;
            target.forget(userId);
        }
    }

    /** Forgets the slots of users whose last position was applied before {@code cutoffMillis} and is not pending. */
    void forgetSlotsOlderThan(long cutoffMillis) {
        slots.forEach((userId, slot) -> {
            synchronized (slot) {
                if (!slot.pending && slot.appliedAt < cutoffMillis) {
                    slot.retired = true;
                    slots.remove(userId, slot);
                }
            }
        });
    }

    /** How many users have a slot (applied recently or pending). */
    int size() {
        return slots.size();
    }

    private void flush(String userId, Slot slot) {
        synchronized (slot) {
            if (!slot.pending || slot.retired) {
                return;
            }
            slot.pending = false;
            slot.appliedAt = clockMillis.getAsLong();
            target.apply(userId, slot.lat, slot.lng);
        }
    }

    /** One user's state; guarded by its own monitor. */
    private static final class Slot {

        long appliedAt = Long.MIN_VALUE;
        boolean pending;
        boolean retired;
        double lat;
        double lng;
    }
}
