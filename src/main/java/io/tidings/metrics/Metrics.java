package io.tidings.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidings.cluster.Bus;
import io.tidings.cluster.BusCounters;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.ConnectionOpened;
import io.tidings.lifecycle.FrameRefused;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.lifecycle.TokenAccepted;
import io.tidings.lifecycle.TokenRefused;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.session.DeliveryMeter;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Every counter of this node, in one Micrometer registry: what the lifecycle events say (connections, closes,
 * publications, authentication), what connections send and lose, and what the
 * gateway and the API report (frames in, errors, refused API calls). Connections count through the
 * {@link DeliveryMeter} it produces.
 */
@ApplicationScoped
public class Metrics {

    /** Close codes counted by their number; any other a client sends is counted as {@code other}. */
    private static final Set<Integer> KNOWN_CLOSES = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1011);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Deliveries whose latency is recorded: one in this many, so the histogram costs little per frame. */
    static final int LATENCY_SAMPLE = 16;

    private final DeliveryMeter deliveryMeter = new ConnectionMeter();
    private SessionRegistry sessions;
    private Event<FrameRefused> refusals;
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dialects = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter framesIn = counter("tidings.frames.received", "client text frames received");
    private final Counter framesOut = counter("tidings.frames.sent", "frames handed to the container");
    private final Counter deliveries = counter("tidings.deliveries", "events of live publications sent to subscribers");
    private final Counter publications = counter("tidings.publications", "publications accepted by the bus");
    private final Counter throttled = counter("tidings.publications.throttled", "publications held by throttling");
    private final Counter dropped = counter("tidings.frames.dropped", "frames not delivered: queue full or closing");
    private final Counter conflated = counter("tidings.events.conflated", "events replaced by a newer one unsent");
    private final Counter slowConsumers = counter("tidings.slow.consumers", "connections closed with 4009");
    private final Counter sendFailures =
            counter("tidings.send.failures", "sends that failed; each closed its connection");
    private final Counter drift =
            counter("tidings.registry.drift", "registered connections whose socket had closed unnoticed; removed");
    private final Counter apiRefused = counter("tidings.api.refused", "HTTP API calls refused for their credentials");
    private final Counter handoffFailures = counter(
            "tidings.handoff.failures", "messages and reads the application did not take: webhook or gate failed");
    private final Counter authSuccesses = Counter.builder("tidings.auth")
            .description("tokens presented")
            .tag("result", "success")
            .register(registry);
    private final Counter authFailures = Counter.builder("tidings.auth")
            .description("tokens presented")
            .tag("result", "failure")
            .register(registry);
    private final Timer latency = Timer.builder("tidings.delivery.latency")
            .description("from the bus accepting a publication to its frame handed to the container")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);

    public Metrics() {
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(
                    code,
                    Counter.builder("tidings.errors")
                            .description("error frames sent, by code")
                            .tag("code", code.wire())
                            .register(registry));
        }
    }

    @Inject
    void watch(SessionRegistry sessions, Event<FrameRefused> refusals, Bus bus) {
        this.sessions = sessions;
        this.refusals = refusals;
        busCounter(
                "tidings.bus.resubscribed",
                "channel subscriptions Redis confirmed again after a reconnect",
                bus,
                BusCounters::resubscribed);
        busCounter(
                "tidings.bus.caught.up",
                "publications handed off from the history after a reconnect",
                bus,
                BusCounters::caughtUp);
        busCounter(
                "tidings.bus.catch.up.failures",
                "catch-ups that could not read the history: clients saw a gap",
                bus,
                BusCounters::catchUpFailures);
        busCounter(
                "tidings.bus.stalls",
                "pub/sub connections replaced: open but no longer delivering",
                bus,
                BusCounters::stalls);
        busCounter(
                "tidings.bus.unreadable",
                "publications from Redis this version could not read, dropped",
                bus,
                BusCounters::unreadable);
        Gauge.builder("tidings.subscriptions.heap", sessions, SessionRegistry::subscriptionBytes)
                .description("heap the subscriptions and their channels are estimated to take")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("tidings.subscriptions.heap.limit", sessions, SessionRegistry::subscriptionBytesLimit)
                .description("what the subscriptions' estimated heap may reach before subscribes are refused")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("tidings.users", sessions, SessionRegistry::userCount)
                .description("users with a connection on this node")
                .register(registry);
        Gauge.builder("tidings.bus.round.trip", bus, b -> b.counters().roundTripMicros() / 1e6)
                .description("the last ping of Redis, -0.000001 when unanswered or without Redis")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("tidings.channels", sessions, SessionRegistry::channelCount)
                .description("channels with a subscriber on this node")
                .register(registry);
    }

    private void busCounter(String name, String description, Bus bus, ToLongFunction<BusCounters> count) {
        FunctionCounter.builder(name, bus, b -> count.applyAsLong(b.counters()))
                .description(description)
                .register(registry);
    }

    void opened(@Observes ConnectionOpened opened) {
        connectionsOf(opened.namespace()).incrementAndGet();
        connectionsSpeaking(opened.dialect()).incrementAndGet();
    }

    void closed(@Observes ConnectionClosed closed) {
        connectionsOf(closed.namespace()).decrementAndGet();
        connectionsSpeaking(closed.dialect()).decrementAndGet();
        int code = closed.closeCode();
        String tag = KNOWN_CLOSES.contains(code) || isCatalogued(code) ? Integer.toString(code) : "other";
        closes.computeIfAbsent(
                        tag,
                        t -> Counter.builder("tidings.closes")
                                .description("connections closed, by close code")
                                .tag("code", t)
                                .register(registry))
                .increment();
    }

    void accepted(@Observes PublicationAccepted accepted) {
        publications.increment();
    }

    void tokenAccepted(@Observes TokenAccepted accepted) {
        authSuccesses.increment();
    }

    void tokenRefused(@Observes TokenRefused refused) {
        authFailures.increment();
    }

    private AtomicInteger connectionsSpeaking(String dialect) {
        return gauged(
                dialects,
                "tidings.dialect.connections",
                "open connections, by the dialect they speak",
                "dialect",
                dialect);
    }

    private AtomicInteger connectionsOf(String namespace) {
        return gauged(connections, "tidings.connections", "open connections, by namespace", "namespace", namespace);
    }

    /** The count of {@code counts} under {@code key}, registered as a gauge tagged with it the first time. */
    private AtomicInteger gauged(
            Map<String, AtomicInteger> counts, String meter, String description, String tag, String key) {
        return counts.computeIfAbsent(key, k -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder(meter, count, AtomicInteger::get)
                    .description(description)
                    .tag(tag, k)
                    .register(registry);
            return count;
        });
    }

    private static boolean isCatalogued(int code) {
        for (CloseCode known : CloseCode.values()) {
            if (known.code() == code) {
                return true;
            }
        }
        return false;
    }

    /** A gauge of a part above this package (which it cannot name), read at each scrape. */
    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void frameReceived() {
        framesIn.increment();
    }

    /** Handing a message or a read to the application failed (its webhook after the retries, or its gate). */
    public void handoffFailed() {
        handoffFailures.increment();
    }

    public void throttled() {
        throttled.increment();
    }

    public void registryDrift() {
        drift.increment();
    }

    public void apiRefused() {
        apiRefused.increment();
    }

    /**
     * The meter connections count with: a plain object, not the CDI proxy of this bean, since it is called for every
     * frame sent.
     */
    @Produces
    @Dependent
    DeliveryMeter deliveryMeter() {
        return deliveryMeter;
    }

    /** What connections send and lose; the delivery latency is sampled, 1 in {@value #LATENCY_SAMPLE} events. */
    private final class ConnectionMeter implements DeliveryMeter {

        /** Per sending thread, so that sampling needs no shared counter. */
        private final ThreadLocal<long[]> sentOnThisThread = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public void sent(long acceptedNanos) {
            framesOut.increment();
            if (acceptedNanos != 0) {
                deliveries.increment();
                long[] count = sentOnThisThread.get();
                if (count[0]++ % LATENCY_SAMPLE == 0) {
                    latency.record(System.nanoTime() - acceptedNanos, TimeUnit.NANOSECONDS);
                }
            }
        }

        @Override
        public void dropped() {
            dropped.increment();
        }

        @Override
        public void conflated() {
            conflated.increment();
        }

        @Override
        public void slowConsumer() {
            slowConsumers.increment();
        }

        @Override
        public void sendFailed() {
            sendFailures.increment();
        }

        @Override
        public void errorSent(ErrorCode code, String connection, String namespace, String user) {
            errors.get(code).increment();
            if (refusals != null) {
                refusals.fire(new FrameRefused(connection, namespace, user, code.wire()));
            }
        }
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** The figures {@code /api/stats} shows. */
    public Stats stats() {
        return new Stats(
                connections.values().stream().mapToInt(AtomicInteger::get).sum(),
                sessions == null ? 0 : sessions.userCount(),
                sessions == null ? 0 : sessions.channelCount(),
                (long) publications.count(),
                (long) throttled.count(),
                (long) deliveries.count(),
                (long) dropped.count(),
                (long) conflated.count(),
                (long) slowConsumers.count(),
                (long) authFailures.count(),
                (long) apiRefused.count());
    }

    /** The running totals the monitor turns into rates: since this node started. */
    public MonitorTotals monitorTotals() {
        Map<String, Integer> byNamespace = new java.util.TreeMap<>();
        connections.forEach((namespace, count) -> byNamespace.put(namespace, count.get()));
        Map<String, Integer> byDialect = new java.util.TreeMap<>();
        dialects.forEach((dialect, count) -> byDialect.put(dialect, count.get()));
        Map<String, Long> closesByCode = new java.util.TreeMap<>();
        closes.forEach((code, counter) -> closesByCode.put(code, (long) counter.count()));
        long errorsSent = 0;
        for (Counter counter : errors.values()) {
            errorsSent += (long) counter.count();
        }
        return new MonitorTotals(
                byNamespace,
                byDialect,
                sessions == null ? 0 : sessions.authenticatedCount(),
                (long) framesIn.count(),
                (long) framesOut.count(),
                (long) deliveries.count(),
                (long) conflated.count(),
                (long) dropped.count(),
                (long) authFailures.count(),
                errorsSent,
                closesByCode,
                Latencies.of(latency));
    }

    /** See {@link #monitorTotals()}. */
    public record MonitorTotals(
            Map<String, Integer> connectionsByNamespace,
            Map<String, Integer> connectionsByDialect,
            int authenticated,
            long framesIn,
            long framesOut,
            long deliveries,
            long conflated,
            long dropped,
            long authFailures,
            long errors,
            Map<String, Long> closesByCode,
            Latencies latencies) {}

    /**
     * The delivery latency histogram as it stands: the bucket bounds (milliseconds) and how many sampled deliveries
     * took at most each, counted since this node started (the Prometheus histogram is cumulative).
     */
    public record Latencies(double[] boundsMillis, double[] atMost, double total) {

        static Latencies of(Timer timer) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            double[] bounds = new double[buckets.length];
            double[] counts = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                counts[i] = buckets[i].count();
            }
            return new Latencies(bounds, counts, snapshot.count());
        }

        /**
         * The {@code q} quantile (0 to 1) in milliseconds of the deliveries recorded after {@code before}, read off
         * the buckets with linear interpolation inside one; empty when none was recorded in between.
         */
        public OptionalDouble quantileSince(Latencies before, double q) {
            double recorded = total - before.total;
            if (recorded <= 0 || before.atMost.length != atMost.length) {
                return OptionalDouble.empty();
            }
            double rank = q * recorded;
            double below = 0;
            for (int i = 0; i < atMost.length; i++) {
                double upTo = atMost[i] - before.atMost[i];
                if (upTo >= rank) {
                    double lower = i == 0 ? 0 : boundsMillis[i - 1];
                    double inBucket = upTo - below;
                    double share = inBucket <= 0 ? 1 : (rank - below) / inBucket;
                    return OptionalDouble.of(lower + share * (boundsMillis[i] - lower));
                }
                below = upTo;
            }
            return OptionalDouble.of(boundsMillis.length == 0 ? 0 : boundsMillis[boundsMillis.length - 1]);
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** A snapshot of the main counters. */
    public record Stats(
            int connections,
            int users,
            int channels,
            long published,
            long throttled,
            long deliveries,
            long droppedFrames,
            long conflatedEvents,
            long slowConsumerCloses,
            long authFailures,
            long apiRefused) {}
}
