package io.tidings.bench;

import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Many WebSocket connections from one process. Each connection counts its events, checks that offsets grow by one,
 * and records the latency from the publisher's {@code sent} timestamp (nanoTime of this same process) into one
 * histogram recorder.
 */
abstract class Connections<C> implements AutoCloseable {

    final LongAdder events = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder subscribed = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder closed = new LongAdder();
    /** Bytes read from the network (frames and their headers, compressed or not), where the client counts them. */
    final LongAdder wireBytes = new LongAdder();

    final Recorder latency = new Recorder(3_600_000_000_000L, 3);
    /** The connections opened, until {@link #close}. */
    final Queue<C> open = new ConcurrentLinkedQueue<>();

    /** {@code netty} (the default: epoll where Linux has it, else NIO), {@code netty-nio} or {@code jdk}. */
    static Connections<?> create(String client) {
        return create(client, Protocol.NATIVE);
    }

    /** The same, speaking {@code protocol}; Socket.IO only on the Netty clients. */
    static Connections<?> create(String client, Protocol protocol) {
        return create(client, protocol, false);
    }

    /** The same, offering permessage-deflate when {@code deflate} (Netty clients only). */
    static Connections<?> create(String client, Protocol protocol, boolean deflate) {
        if (deflate && client.equals("jdk")) {
            throw new IllegalArgumentException("deflate=true needs client=netty or netty-nio");
        }
        if (protocol == Protocol.SOCKET_IO && client.equals("jdk")) {
            throw new IllegalArgumentException("protocol=socketio needs client=netty or netty-nio");
        }
        return switch (client) {
            case "netty" -> new NettyConnections(true, protocol, deflate);
            case "netty-nio" -> new NettyConnections(false, protocol, deflate);
            case "jdk" -> new JdkConnections();
            default -> throw new IllegalArgumentException("client=netty|netty-nio|jdk");
        };
    }

    /**
     * What the subscribers speak: Tidings' own frames on {@code /ws}, or Socket.IO v4 (Engine.IO 4 on a WebSocket)
     * in the exchange gateway's names on the namespace {@code /ws}, as its clients do.
     */
    enum Protocol {
        NATIVE,
        /** Tidings' own protocol with the {@code tidings.v1.batch} subprotocol: a message may hold several frames. */
        NATIVE_BATCH,
        SOCKET_IO;

        static Protocol of(String name) {
            return switch (name) {
                case "native" -> NATIVE;
                case "batch" -> NATIVE_BATCH;
                case "socketio" -> SOCKET_IO;
                default -> throw new IllegalArgumentException("protocol=native|batch|socketio");
            };
        }
    }

    /**
     * Opens {@code count} connections, at most {@code parallel} handshakes at a time; {@code uri} and
     * {@code subscribe} (the frame to send once connected, or null) per index.
     *
     * @return nanoseconds from the first handshake to the last {@code connected} (or {@code subscribed})
     */
    abstract long open(int count, int parallel, IntFunction<URI> uri, IntFunction<String> subscribe) throws Exception;

    /** Waits for every connection to be ready; the nanoseconds since {@code start}. */
    static long awaitAll(List<? extends CompletableFuture<?>> all, long start) throws Exception {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return System.nanoTime() - start;
    }

    /** Connections opened and not closed by this side. */
    final int size() {
        return open.size();
    }

    /** Drops every connection at once, without a closing handshake. */
    abstract void abort(C connection);

    /** Releases the client's threads, once every connection is gone. */
    void shutdown() {}

    @Override
    public final void close() {
        open.forEach(this::abort);
        open.clear();
        shutdown();
    }

    /**
     * An event arrived: records its latency from the {@code sent} stamp and counts a gap unless its offset follows
     * {@code previousOffset}. Returns {@code offset}, the connection's previous offset from now on.
     */
    final long event(long previousOffset, long offset, long sent, long now) {
        if (sent > 0) {
            latency.recordValue(Math.max(0, now - sent));
        }
        if (previousOffset >= 0 && offset != previousOffset + 1) {
            gaps.increment();
        }
        events.increment();
        return offset;
    }
}
