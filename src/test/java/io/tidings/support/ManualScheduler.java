package io.tidings.support;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for unit tests whose one-off tasks run when the test says time is up ({@link #runDue}), never on
 * their own; repeated tasks are only recorded.
 */
public final class ManualScheduler {

    private final List<Task> pending = new ArrayList<>();

    /** The scheduler to hand to the class under test. */
    public ManagedScheduledExecutorService executor() {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(
                ManualScheduler.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "schedule" -> add((Runnable) args[0], false);
                    case "scheduleAtFixedRate", "scheduleWithFixedDelay" -> add((Runnable) args[0], true);
                    case "execute" -> {
                        ((Runnable) args[0]).run();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Runs every one-off task scheduled and not cancelled so far (and those they schedule, on the next call). */
    public int runDue() {
        List<Task> due;
        synchronized (pending) {
            due = pending.stream().filter(t -> !t.repeated && !t.cancelled).toList();
            pending.removeAll(due);
        }
        due.forEach(task -> task.runnable.run());
        return due.size();
    }

    /** Runs each repeated task once. */
    public void runRepeated() {
        List<Task> repeated;
        synchronized (pending) {
            repeated = pending.stream().filter(t -> t.repeated && !t.cancelled).toList();
        }
        repeated.forEach(task -> task.runnable.run());
    }

    private Task add(Runnable runnable, boolean repeated) {
        Task task = new Task(runnable, repeated);
        synchronized (pending) {
            pending.add(task);
        }
        return task;
    }

    private static final class Task implements ScheduledFuture<Object> {
        final Runnable runnable;
        final boolean repeated;
        volatile boolean cancelled;

        Task(Runnable runnable, boolean repeated) {
            this.runnable = runnable;
            this.repeated = repeated;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }
}
