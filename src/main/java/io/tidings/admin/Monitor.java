package io.tidings.admin;

import io.tidings.cluster.Bus;
import io.tidings.cluster.NodeMessages;
import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.ConnectionOpened;
import io.tidings.lifecycle.FrameRefused;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.lifecycle.TokenRefused;
import io.tidings.metrics.Metrics;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin monitor's feed, pushed over {@code /admin} (not polled), only while someone subscribes (with the Redis
 * bus, every node reports each second, as an admin on any node may watch; the page adds the nodes up): once a second
 * {@code monitor:stats} gets {@code stats} (connections by namespace, authenticated and anonymous, top channels by
 * subscribers and by publications per second, frames in and out per second, conflated and dropped events, auth
 * failures, errors, closes by code, the delivery latency's p50 and p99 over the last {@value #LATENCY_WINDOW_SECONDS} seconds), and {@code monitor:log} gets {@code connect}, {@code disconnect} (with its
 * close code), {@code error} (with its error code) and {@code auth_failure} entries as they happen, at most
 * {@value #LOG_PER_SECOND} a second (the rest are counted as {@code logSuppressed} in the next stats). All
 * ephemeral, all bounded.
 */
@ApplicationScoped
public class Monitor {

    public static final String STATS = "monitor:stats";
    public static final String LOG = "monitor:log";
    static final int LOG_PER_SECOND = 50;
    static final int LATENCY_WINDOW_SECONDS = 10;
    private static final int TOP = 10;
    private static final int MAX_COUNTED_CHANNELS = 10_000;
    private static final Logger LOGGER = Logger.getLogger(Monitor.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Publisher publisher;

    @Inject
    SessionRegistry registry;

    @Inject
    Metrics metrics;

    @Inject
    Bus bus;

    @Inject
    NodeMessages nodes;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicInteger logBudget = new AtomicInteger(LOG_PER_SECOND);
    private final AtomicLong suppressed = new AtomicLong();
    private final Map<String, LongAdder> publishedNow = new ConcurrentHashMap<>();
    private Metrics.MonitorTotals previous;
    private final Deque<Metrics.Latencies> latencyWindow = new ArrayDeque<>();
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        task = scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void opened(@Observes ConnectionOpened opened) {
        log(
                "connect",
                entry(opened.connection(), opened.namespace(), opened.user()).add("dialect", opened.dialect()));
    }

    void closed(@Observes ConnectionClosed closed) {
        log(
                "disconnect",
                entry(closed.connection(), closed.namespace(), closed.user())
                        .add("code", closed.closeCode())
                        .add("dialect", closed.dialect()));
    }

    void error(@Observes FrameRefused refused) {
        log(
                "error",
                entry(refused.connection(), refused.namespace(), refused.user()).add("error", refused.code()));
    }

    void refused(@Observes TokenRefused refused) {
        log("auth_failure", JSON.createObjectBuilder().add("reason", refused.reason()));
    }

    void published(@Observes PublicationAccepted publication) {
        String channel = publication.channel();
        if (channel.startsWith("monitor:") || registry.subscribers(STATS).isEmpty()) {
            return; // on every publication: rates are counted only while someone watches
        }
        LongAdder count = publishedNow.get(channel);
        if (count == null && publishedNow.size() < MAX_COUNTED_CHANNELS) {
            count = publishedNow.computeIfAbsent(channel, c -> new LongAdder());
        }
        if (count != null) {
            count.increment();
        }
    }

    private void log(String kind, JsonObjectBuilder data) {
        if (registry.subscribers(LOG).isEmpty()) {
            return;
        }
        if (logBudget.getAndDecrement() <= 0) {
            suppressed.incrementAndGet();
            return;
        }
        publish(LOG, kind, data.add("ts", System.currentTimeMillis()));
    }

    synchronized void tick() {
        try {
            logBudget.set(LOG_PER_SECOND);
            Metrics.MonitorTotals now = metrics.monitorTotals();
            Metrics.MonitorTotals before = previous == null ? now : previous;
            previous = now;
            latencyWindow.addLast(now.latencies());
            if (latencyWindow.size() > LATENCY_WINDOW_SECONDS + 1) {
                latencyWindow.removeFirst();
            }
            Map<String, Long> published = new java.util.HashMap<>();
            for (String channel : List.copyOf(publishedNow.keySet())) {
                LongAdder count = publishedNow.remove(channel); // a new second starts with no channels counted
                if (count != null) {
                    published.put(channel, count.sum());
                }
            }
            if (registry.subscribers(STATS).isEmpty() && bus.store().isEmpty()) {
                return; // with Redis, an admin on another node may watch: every node reports each second
            }
            publish(STATS, "stats", stats(now, before, published));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "The monitor's tick failed", e);
        }
    }

    private JsonObjectBuilder stats(
            Metrics.MonitorTotals now, Metrics.MonitorTotals before, Map<String, Long> published) {
        JsonObjectBuilder byNamespace = JSON.createObjectBuilder();
        int total = 0;
        for (Map.Entry<String, Integer> namespace : now.connectionsByNamespace().entrySet()) {
            byNamespace.add(namespace.getKey(), namespace.getValue());
            total += namespace.getValue();
        }
        JsonObjectBuilder byDialect = JSON.createObjectBuilder();
        now.connectionsByDialect().forEach(byDialect::add);
        List<Map.Entry<String, Integer>> bySubscribers = new ArrayList<>();
        registry.forEachChannel((channel, count) -> {
            if (!channel.startsWith("monitor:")) {
                bySubscribers.add(Map.entry(channel, count));
            }
        });
        bySubscribers.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        JsonArrayBuilder topSubscribed = JSON.createArrayBuilder();
        bySubscribers.stream()
                .limit(TOP)
                .forEach(e -> topSubscribed.add(
                        JSON.createObjectBuilder().add("channel", e.getKey()).add("subscribers", e.getValue())));
        JsonArrayBuilder topRate = JSON.createArrayBuilder();
        published.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP)
                .forEach(e -> topRate.add(
                        JSON.createObjectBuilder().add("channel", e.getKey()).add("perSecond", e.getValue())));
        JsonObjectBuilder closes = JSON.createObjectBuilder();
        now.closesByCode().forEach(closes::add);
        long roundTrip = bus.counters().roundTripMicros();
        JsonObjectBuilder redis =
                JSON.createObjectBuilder().add("shared", bus.store().isPresent());
        if (bus.store().isPresent()) {
            redis.add("reachable", bus.reachable());
            if (roundTrip >= 0) {
                redis.add("roundTripMs", roundTrip / 1000.0);
            }
        }
        JsonObjectBuilder stats = JSON.createObjectBuilder()
                .add("node", nodes.node())
                .add("redis", redis)
                .add("deliveriesPerSecond", now.deliveries() - before.deliveries())
                .add("connections", total)
                .add("byNamespace", byNamespace)
                .add("byDialect", byDialect)
                .add("authenticated", now.authenticated())
                .add("anonymous", Math.max(0, total - now.authenticated()))
                .add("topChannelsBySubscribers", topSubscribed)
                .add("topChannelsByRate", topRate)
                .add("framesInPerSecond", now.framesIn() - before.framesIn())
                .add("framesOutPerSecond", now.framesOut() - before.framesOut())
                .add("conflated", now.conflated())
                .add("dropped", now.dropped())
                .add("authFailures", now.authFailures())
                .add("errors", now.errors())
                .add("closesByCode", closes)
                .add("logSuppressed", suppressed.get());
        // of the deliveries sampled in the last seconds (1 in 16: a second alone is often too few); absent without any
        Metrics.Latencies since = latencyWindow.peekFirst();
        now.latencies().quantileSince(since, 0.5).ifPresent(ms -> stats.add("latencyP50Ms", round(ms)));
        now.latencies().quantileSince(since, 0.99).ifPresent(ms -> stats.add("latencyP99Ms", round(ms)));
        return stats;
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }

    private static JsonObjectBuilder entry(String connection, String namespace, String user) {
        JsonObjectBuilder entry =
                JSON.createObjectBuilder().add("connection", connection).add("namespace", namespace);
        return user == null ? entry.addNull("user") : entry.add("user", user);
    }

    private void publish(String channel, String event, JsonObjectBuilder data) {
        try {
            publisher.submit(Publication.now(channel, event, data.build()).with(PublishOptions.NONE.asEphemeral()));
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "A monitor event was not published", e);
        }
    }
}
