package io.tidings.delivery;

import io.tidings.session.Cork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads that hand publications to this node's subscribers, one per core by default
 * ({@code tidings.delivery.threads}): each runs its tasks one at a time, in the order given, so what one worker
 * delivers to a connection keeps its order. At most {@code tidings.delivery.backlog} tasks wait in all; past that a
 * publishing thread waits for room (the fan-out pushes back on publishers, as it did when it ran on their threads),
 * but a worker never waits for itself: what a delivery causes to be published goes in over the limit. A worker that
 * finds tasks waiting behind the one it took runs up to {@link #TURN} of them under one {@link Cork}, so each
 * connection's frames of the turn can leave in one write. With a write delay ({@code tidings.delivery.write.delay.millis})
 * every turn is corked and stays open for that long after its first task, taking the tasks that come meanwhile: each
 * connection's events of the delay leave in one write, trading that much latency for fewer writes.
 */
public final class DeliveryWorkers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class.getName());

    /** The most tasks a worker runs under one {@link Cork}. */
    static final int TURN = 64;

    private final List<Worker> workers = new ArrayList<>();
    private final Semaphore room;
    private final boolean inline;

    private DeliveryWorkers(int count, int backlog, long writeDelayNanos, ThreadFactory threads) {
        this.room = new Semaphore(backlog);
        this.inline = threads == null;
        if (!inline) {
            for (int i = 0; i < Math.max(1, count); i++) {
                Worker worker = new Worker(writeDelayNanos);
                workers.add(worker);
                worker.thread = threads.newThread(worker::run);
                worker.thread.setName("tidings-delivery-" + i);
                worker.thread.start();
            }
        }
    }

    /** {@code count} workers whose threads come from {@code threads}, with room for {@code backlog} waiting tasks. */
    public static DeliveryWorkers start(int count, int backlog, ThreadFactory threads) {
        return start(count, backlog, 0, threads);
    }

    /** As {@link #start(int, int, ThreadFactory)}, each turn held open for {@code writeDelayNanos} (see above). */
    public static DeliveryWorkers start(int count, int backlog, long writeDelayNanos, ThreadFactory threads) {
        return new DeliveryWorkers(count, backlog, Math.max(0, writeDelayNanos), threads);
    }

    /** For tests: every task runs at once on the caller's thread. */
    public static DeliveryWorkers inline() {
        return new DeliveryWorkers(1, Integer.MAX_VALUE, 0, null);
    }

    /** How many workers there are; tasks are given to one by its index. */
    public int count() {
        return inline ? 1 : workers.size();
    }

    /** How many tasks wait, for the metrics. */
    public int backlog() {
        int waiting = 0;
        for (Worker worker : workers) {
            waiting += worker.tasks.size();
        }
        return waiting;
    }

    /** Runs the task on worker {@code index} after those given to it before; may wait for room (see above). */
    public void execute(int index, Runnable task) {
        if (inline) {
            task.run();
            return;
        }
        Worker worker = workers.get(index);
        boolean fromWorker = isWorker(Thread.currentThread());
        boolean counted;
        if (fromWorker) {
            counted = room.tryAcquire();
        } else {
            room.acquireUninterruptibly();
            counted = true;
        }
        worker.tasks.add(
                counted
                        ? () -> {
                            try {
                                task.run();
                            } finally {
                                room.release();
                            }
                        }
                        : task);
    }

    private boolean isWorker(Thread thread) {
        for (Worker worker : workers) {
            if (worker.thread == thread) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.stopped = true;
            worker.thread.interrupt();
        }
    }

    private static final class Worker {
        final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        final long writeDelayNanos;
        Thread thread;
        volatile boolean stopped;

        Worker(long writeDelayNanos) {
            this.writeDelayNanos = writeDelayNanos;
        }

        void run() {
            while (!stopped) {
                Runnable task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue; // only close() stops a worker: any other interrupt would silence its connections
                }
                long turnEnds = System.nanoTime() + writeDelayNanos;
                Runnable next = tasks.poll();
                if (next == null && writeDelayNanos == 0) {
                    runSafely(task);
                    continue;
                }
                Cork cork = Cork.open();
                try {
                    runSafely(task);
                    for (int turn = 1; turn < TURN && (next != null || (next = nextBefore(turnEnds)) != null); turn++) {
                        runSafely(next);
                        next = null; // taken only once the turn has room for it: a task taken is a task run
                    }
                } finally {
                    cork.release();
                }
            }
        }

        /** The next task, waiting for one until {@code turnEnds} at most; once that has passed, only one waiting. */
        private Runnable nextBefore(long turnEnds) {
            long left = turnEnds - System.nanoTime();
            if (left <= 0) {
                return tasks.poll();
            }
            try {
                return tasks.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return null; // the turn ends, its release's sends on an uninterrupted thread; the loop sees a stop
            }
        }

        private static void runSafely(Runnable task) {
            // only close() means to interrupt a worker, and it stops the loop too; an interrupt that raced a task's
            // arrival in a wait must not reach the task, whose sends an interrupted thread could fail
            Thread.interrupted();
            try {
                task.run();
            } catch (Throwable e) { // even an Error: a worker that died would leave its connections silent
                LOG.log(Level.WARNING, "A delivery failed", e); // one connection's trouble; the rest go on
            }
        }
    }
}
