package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node's handler in tests: what was handed off, in order, and a wait for the hand-offs a test expects. */
final class HandedOff implements BusHandler {

    private static final long WAIT_MILLIS = 20_000;

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized void handle(Entry entry) {
        entries.add(entry);
        notifyAll();
    }

    public void add(Entry entry) {
        handle(entry);
    }

    /** Waits until at least {@code count} hand-offs were made, failing after a timeout. */
    synchronized void await(int count) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (entries.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("expected " + count + " hand-offs within " + WAIT_MILLIS + " ms, got " + entries.size());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized Entry get(int index) {
        return entries.get(index);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Long> offsets() {
        return entries().stream().map(Entry::offset).toList();
    }
}
