package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The single writer of one connection: a bounded queue of frames drained by asynchronous sends, one in flight at a
 * time (concurrent sends on one session are not allowed), with WebSocket pings going through the same writer.
 * {@link #offer} never blocks. When the queue is full, events of conflatable channels wait aside, newest per
 * channel only, until the queue has drained. A frame is a {@code String} written for this connection, or an
 * {@link EncodedText} shared with other connections, which the {@link TextWriter} may send without encoding it again.
 * Shared frames queued one behind another leave together, up to {@link #BATCH_FRAMES} or {@link #BATCH_BYTES}: as the
 * lines of one text frame for a client that asked for it ({@code lines}), or, where the writer can, as whole frames in
 * one write (each still a message of its own). A {@link Cork} holds them back while a delivery worker catches up.
 */
final class Outbox {

    /** What {@link #offer} did with a frame. */
    enum Offer {
        QUEUED,
        CONFLATED,
        REFUSED
    }

    /**
     * The most shared frames sent together, and the bytes after which no more are added. Under Undertow's 50 frames
     * queued on a connection, past which it stops reading from it until fewer than 10 are left.
     */
    static final int BATCH_FRAMES = 48;

    static final int BATCH_BYTES = 32 * 1024;

    private static final Object PING = new Object();
    private static final ByteBuffer PING_DATA = ByteBuffer.allocate(0);

    private final TextWriter writer;
    private final int capacity;
    private final Consumer<Throwable> onSendFailure;
    private final DeliveryMeter meter;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    /**
     * The most frames a cork holds back here: a batch's worth, and at most half the queue, so that held frames never
     * fill it while a send is still in flight (the next frame would be refused, closing a healthy client as slow).
     */
    private final int heldAtMost;
    /** Newest waiting event per conflatable channel, in first-conflated order; guarded by itself. */
    private final Map<String, Object> conflated = new LinkedHashMap<>();

    private volatile boolean hasConflated;
    /** The cork that holds this outbox's frames back, if any (see {@link Cork}). */
    private volatile Cork heldBy;
    /** No more offers (closing, or closed). */
    private volatile boolean closed;
    /** Nothing more is sent. */
    private volatile boolean discarded;

    /** The heartbeat as a text frame, or null for WebSocket pings. */
    private final String textPing;
    /** The client reads several frames from one text frame, a line each (it negotiated the batching subprotocol). */
    private final boolean lines;

    Outbox(RemoteEndpoint.Async remote, int capacity, Consumer<Throwable> onSendFailure, DeliveryMeter meter) {
        this(new PortableTextWriter(remote), capacity, onSendFailure, meter, null, false);
    }

    /**
     * @param textPing the heartbeat as a text frame (a dialect's), or null for WebSocket pings
     * @param lines whether queued shared frames may go as the lines of one text frame
     */
    Outbox(
            TextWriter writer,
            int capacity,
            Consumer<Throwable> onSendFailure,
            DeliveryMeter meter,
            String textPing,
            boolean lines) {
        this.textPing = textPing;
        this.lines = lines;
        this.meter = meter;
        this.writer = writer;
        this.capacity = capacity;
        this.heldAtMost = Math.min(Cork.HELD_FRAMES, Math.max(1, capacity / 2));
        this.onSendFailure = onSendFailure;
    }

    /** Queues a frame written for this connection alone (an answer, an error, a dialect's own frame). */
    Offer offer(String frame) {
        return offerFrame(frame, null, null);
    }

    /**
     * Queues a frame shared with other connections (an event's carries when the bus accepted it, for the delivery
     * latency). A conflatable channel's event ({@code conflateAs} not null) waits aside when the queue is full,
     * replacing an older waiting one; it also waits aside while an older one does, so the channel's events never
     * overtake each other.
     */
    Offer offer(EncodedText frame, String conflateAs) {
        return offerFrame(frame, conflateAs, null);
    }

    /**
     * As {@link #offer(EncodedText, String)}; while {@code cork} (if not null) is open, the frame waits for its release
     * when this outbox can send it together with others.
     */
    Offer offer(EncodedText frame, String conflateAs, Cork cork) {
        return offerFrame(frame, conflateAs, cork);
    }

    private Offer offerFrame(Object item, String conflateAs, Cork corkOffered) {
        if (closed) {
            return Offer.REFUSED;
        }
        if (conflateAs != null && hasConflated) {
            synchronized (conflated) {
                if (conflated.containsKey(conflateAs)) {
                    conflated.put(conflateAs, item);
                    return Offer.CONFLATED;
                }
            }
        }
        Cork cork = corkOffered != null && corkOffered.holding() && joins() ? corkOffered : null;
        if (cork == null && !hasConflated && queued.get() == 0 && sending.compareAndSet(false, true)) {
            if (queue.isEmpty()) { // nothing ahead of this frame: it goes out now, without a trip through the queue
                if (write(item)) {
                    drain();
                }
                return Offer.QUEUED;
            }
            sending.set(false);
            drain(); // a frame queued meanwhile found the writer taken: see that it leaves
        }
        if (!reserve()) {
            if (conflateAs == null) {
                return Offer.REFUSED;
            }
            synchronized (conflated) {
                conflated.put(conflateAs, item);
                hasConflated = true;
            }
            drain();
            return Offer.CONFLATED;
        }
        queue.add(item);
        if (cork != null && !hasConflated && queued.get() < heldAtMost) {
            if (heldBy != cork) {
                heldBy = cork;
                cork.hold(this);
            }
            return Offer.QUEUED;
        }
        drain();
        return Offer.QUEUED;
    }

    /** The cork that held frames back here is released: they leave (together, as far as they can). */
    void uncork(Cork cork) {
        if (heldBy == cork) {
            heldBy = null;
        }
        drain();
    }

    /**
     * Stops taking frames and runs {@code closer} once everything queued before has been sent, so a client sees the
     * error frames that explain a close. False when the queue is full or closed (the caller closes at once).
     */
    boolean finishWith(Runnable closer) {
        if (closed || !reserve()) {
            return false;
        }
        closed = true; // no more offers; drain goes on until it reaches the closer
        queue.add(closer);
        drain();
        return true;
    }

    /** Queues a WebSocket ping; false when the queue is full. */
    boolean ping() {
        if (closed || !reserve()) {
            return false;
        }
        queue.add(PING);
        drain();
        return true;
    }

    /** True when nothing is queued, waiting aside or being sent. */
    boolean idle() {
        return queue.isEmpty() && !hasConflated && !sending.get();
    }

    /** Drops whatever is queued; later offers are refused. */
    void close() {
        closed = true;
        discarded = true;
        queue.clear();
        queued.set(0);
        synchronized (conflated) {
            conflated.clear();
            hasConflated = false;
        }
    }

    private boolean reserve() {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Moves waiting conflated events into the queue once it has drained, oldest channel first. */
    private void requeueConflated() {
        synchronized (conflated) {
            Iterator<Object> waiting = conflated.values().iterator();
            while (waiting.hasNext() && reserve()) {
                queue.add(waiting.next());
                waiting.remove();
            }
            hasConflated = !conflated.isEmpty();
        }
    }

    private void drain() {
        while (!discarded && sending.compareAndSet(false, true)) {
            if (queue.isEmpty() && hasConflated) {
                requeueConflated();
            }
            Object item = queue.poll();
            if (item == null) {
                sending.set(false);
                if (queue.isEmpty() && !hasConflated) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            if (item == PING && textPing == null) {
                sendPing();
                continue;
            }
            if (item == PING && !write(textPing)) {
                return;
            }
            if (item == PING) {
                continue;
            }
            if (item instanceof Runnable closer) {
                sending.set(false);
                closer.run();
                return;
            }
            if (!(item instanceof EncodedText first && queue.peek() instanceof EncodedText && joins()
                    ? writeTogether(first)
                    : write(item))) {
                return; // the completion handler carries on draining, or the send failed
            }
        }
    }

    /** Whether shared frames queued one behind another may leave in one write: as lines, or as frames in a row. */
    private boolean joins() {
        return lines || writer.sendsFramesTogether();
    }

    /** When the publication of a queued item's event was accepted; 0 when it is no event. */
    private static long acceptedNanos(Object item) {
        return item instanceof EncodedText encoded ? encoded.acceptedNanos() : 0;
    }

    /**
     * Sends {@code first} with the shared frames queued right behind it in one write, while holding {@code sending}:
     * as the lines of one frame when the client reads lines, else as frames in a row; as {@link #write}. Only this
     * thread takes from the queue while it holds {@code sending}, so what it peeks it then polls.
     */
    private boolean writeTogether(EncodedText first) {
        EncodedText[] frames = new EncodedText[Math.min(BATCH_FRAMES, queued.get() + 1)];
        frames[0] = first;
        int count = 1;
        int bytes = frames[0].length();
        while (count < frames.length && bytes < BATCH_BYTES && queue.peek() instanceof EncodedText next) {
            queue.poll();
            queued.decrementAndGet();
            frames[count++] = next;
            bytes += next.length();
        }
        Send send = new Send();
        try {
            if (count == 1) {
                writer.sendText(frames[0], send);
            } else if (lines) {
                writer.sendText(Cork.lines(frames, count), send);
            } else {
                writer.sendFrames(frames, count, send);
            }
        } catch (Throwable e) {
            sending.set(false);
            failed(e);
            return false;
        }
        for (int i = 0; i < count; i++) {
            meter.sent(frames[i].acceptedNanos());
        }
        return send.completedInline();
    }

    /**
     * Sends one frame (a string or an encoded text) while holding {@code sending}; true when the container completed it
     * at once.
     */
    private boolean write(Object item) {
        Send send = new Send();
        try {
            if (item instanceof EncodedText encoded) {
                writer.sendText(encoded, send);
            } else {
                writer.sendText((String) item, send);
            }
        } catch (Throwable e) { // a send that throws anything (Payara's encoder throws errors) must not wedge us
            sending.set(false);
            failed(e);
            return false;
        }
        meter.sent(acceptedNanos(item));
        return send.completedInline();
    }

    private void sendPing() {
        try {
            writer.sendPing(PING_DATA.duplicate());
            sending.set(false);
        } catch (Throwable e) {
            sending.set(false);
            failed(e);
        }
    }

    private void failed(Throwable cause) {
        closed = true;
        discarded = true;
        meter.sendFailed();
        onSendFailure.accept(cause);
        if (cause instanceof VirtualMachineError fatal) {
            throw fatal; // the connection is closed; the JVM's own trouble is not ours to hide
        }
    }

    /**
     * Completion of one send. When a container completes a send inside {@code sendText} itself, the loop in
     * {@link #drain} continues instead of the handler recursing, so a long queue cannot overflow the stack.
     */
    @SuppressWarnings("serial") // never serialized: the flag is whether the send or its caller finished first
    private final class Send extends AtomicBoolean implements SendHandler {

        @Override
        public void onResult(SendResult result) {
            sending.set(false);
            if (!result.isOK()) {
                Throwable cause = result.getException();
                failed(cause != null ? cause : new IOException("send failed"));
                return;
            }
            if (!compareAndSet(false, true)) {
                drain();
            }
        }

        boolean completedInline() {
            return !compareAndSet(false, true);
        }
    }
}
