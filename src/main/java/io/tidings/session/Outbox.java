package io.tidings.session;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The single writer of one connection: a bounded queue of text frames drained by asynchronous sends, one in flight
 * at a time (concurrent sends on one session are not allowed). {@link #offer} never blocks.
 */
final class Outbox {

    private final RemoteEndpoint.Async remote;
    private final int capacity;
    private final Consumer<Throwable> onSendFailure;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closed;

    Outbox(RemoteEndpoint.Async remote, int capacity, Consumer<Throwable> onSendFailure) {
        this.remote = remote;
        this.capacity = capacity;
        this.onSendFailure = onSendFailure;
    }

    /** Queues a frame; false when the queue is full (the frame is not queued) or the outbox is closed. */
    boolean offer(String frame) {
        if (closed) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(frame);
        drain();
        return true;
    }

    int size() {
        return queued.get();
    }

    /** True when nothing is queued or being sent. */
    boolean idle() {
        return queue.isEmpty() && !sending.get();
    }

    /** Drops whatever is queued; later offers are refused. */
    void close() {
        closed = true;
        queue.clear();
        queued.set(0);
    }

    private void drain() {
        while (!closed && !queue.isEmpty() && sending.compareAndSet(false, true)) {
            String frame = queue.poll();
            if (frame == null) {
                sending.set(false);
                continue;
            }
            queued.decrementAndGet();
            Send send = new Send();
            try {
                remote.sendText(frame, send);
            } catch (RuntimeException e) {
                sending.set(false);
                onSendFailure.accept(e);
                return;
            }
            if (!send.completedInline()) {
                return; // the completion handler carries on draining
            }
        }
    }

    /**
     * Completion of one send. When a container completes a send inside {@code sendText} itself, the loop in
     * {@link #drain} continues instead of the handler recursing, so a long queue cannot overflow the stack.
     */
    private final class Send implements SendHandler {
        private final AtomicBoolean firstToFinish = new AtomicBoolean();

        @Override
        public void onResult(SendResult result) {
            sending.set(false);
            if (!result.isOK()) {
                closed = true;
                onSendFailure.accept(result.getException());
                return;
            }
            if (!firstToFinish.compareAndSet(false, true)) {
                drain();
            }
        }

        boolean completedInline() {
            return !firstToFinish.compareAndSet(false, true);
        }
    }
}
