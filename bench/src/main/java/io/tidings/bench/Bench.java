package io.tidings.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * One benchmark scenario against one server, as {@code key=value} arguments; appends one CSV line of results.
 *
 * <pre>
 * scenario=fanout|channels|idle|subscriptions|storm|history  url=http://127.0.0.1:8080  server=payara  key=API_KEY
 * subscribers=N  rate=PUBLICATIONS_PER_SECOND  seconds=D  warmup=D  secret=HS256_SECRET  pid=SERVER_PID[,PID]
 * client=netty|netty-nio|jdk  protocol=native|batch|socketio  out=bench/results/results.csv
 * nodes=URL,URL  redis=redis://HOST:PORT  channels=M  events=N  bytes=B  history=H  book=LEVELS  deflate=true
 * fresh=true
 * </pre>
 *
 * <p>{@code book=N} publishes an order book's updates ({@link OrderBook}, N levels a side) instead of the bare stamp;
 * {@code deflate=true} has the Netty subscribers offer permessage-deflate. The fan-out reports the bytes its
 * subscribers read from the network per delivery on stderr ({@code wire_bytes_per_delivery=}), and the first
 * {@code pid=}'s CPU in the window by kind of thread ({@code server_threads=}: I/O threads, delivery workers, JIT, GC).
 *
 * <p>Fan-out rows end with the window's {@code phase} and the round trip of its {@code POST /api/publish} requests
 * (p50, p99, max). {@code phase} is {@code warm} after {@code warmup=} seconds of publications, {@code fresh} for a
 * window with none before it; {@code fresh=true} measures both in one run, the fresh window first (run it on a
 * just-started server: the row shows what the server's first seconds under load cost, JIT compilation included).
 *
 * <p>With several nodes on one Redis bus, {@code nodes=} spreads the subscribers over them (round robin) while
 * publications go through {@code url=}, and {@code pid=} sums their CPU. {@code redis=} names the Redis behind the
 * bus: its CPU per publication in the fan-out's window (less its idle CPU, from the second before the window), and its
 * memory in the {@code history} scenario.
 *
 * <p>{@code protocol=socketio} (fan-out only): the subscribers are Socket.IO v4 clients of the exchange gateway's
 * namespace {@code /ws} on a WebSocket ({@code subscribe {channel: "trades", symbol}}, {@code trade} events), against
 * Tidings' Socket.IO dialect or a Socket.IO server; publications still go through {@code POST /api/publish}.
 */
public final class Bench {

    static final String HEADER = "scenario,server,subscribers,rate,published,delivered_per_s,completeness,"
            + "p50_ms,p99_ms,p999_ms,max_ms,gaps,heap_kb_per_conn,rss_kb_per_conn,conn_per_s,"
            + "server_us_per_delivery,client_us_per_delivery,redis_us_per_publication,redis_bytes_per_channel,"
            + "redis_bytes_per_kept_event,phase,publish_p50_ms,publish_p99_ms,publish_max_ms";

    /** The trailing columns of a row that measured no publish window. */
    private static final String NO_PUBLISH_WINDOW = ",,,";

    private final Map<String, String> args;
    private final URI http;
    /** HTTP/1.1: the JDK client's default h2c upgrade offer is refused by Node's server as a WebSocket upgrade. */
    private final HttpClient api = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Bench(Map<String, String> args) {
        this.args = args;
        this.http = URI.create(arg("url", "http://127.0.0.1:8080") + "/");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Bench bench = new Bench(args);
        String line = switch (bench.arg("scenario", "fanout")) {
            case "fanout" -> bench.fanout(false);
            case "channels" -> bench.fanout(true);
            case "idle" -> bench.idle();
            case "subscriptions" -> bench.subscriptions();
            case "storm" -> bench.storm();
            case "history" -> bench.history();
            default -> throw new IllegalArgumentException("unknown scenario");
        };
        System.out.println(HEADER);
        System.out.println(line);
        Path out = Path.of(bench.arg("out", "bench/results/results.csv"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (!Files.exists(out)) {
            Files.writeString(out, HEADER + "\n");
        }
        Files.writeString(out, line + "\n", StandardOpenOption.APPEND);
        System.exit(0);
    }

    /** N subscribers on one channel (or each on its own user channel), publications at a fixed rate. */
    private String fanout(boolean ownChannels) throws Exception {
        int subscribers = intArg("subscribers", 1000);
        int rate = intArg("rate", 100);
        int seconds = intArg("seconds", 10);
        String channel = "trades:BENCH" + Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT);
        IntFunction<String> channelOf = ownChannels ? i -> "user:b" + i + ":orders" : i -> channel;
        String[] nodes = arg("nodes", http.toString()).split(",");
        Connections.Protocol protocol = Connections.Protocol.of(arg("protocol", "native"));
        if (protocol == Connections.Protocol.SOCKET_IO && ownChannels) {
            throw new IllegalArgumentException("protocol=socketio is for scenario=fanout");
        }
        IntFunction<URI> address = protocol == Connections.Protocol.SOCKET_IO
                ? i -> socketIo(nodes[i % nodes.length])
                : i -> ws(nodes[i % nodes.length], ownChannels ? token("b" + i) : null);
        IntFunction<String> subscribe = protocol == Connections.Protocol.SOCKET_IO
                ? i -> exchangeSubscribe(channelOf.apply(i))
                : i -> "{\"type\":\"subscribe\",\"channel\":\"" + channelOf.apply(i) + "\"}";
        List<java.net.Socket> stalled = new ArrayList<>();
        try (Connections<?> connections =
                Connections.create(arg("client", "netty"), protocol, Boolean.parseBoolean(arg("deflate", "false")))) {
            connections.open(subscribers, 200, address, subscribe);
            for (int i = 0; i < intArg("stalled", 0); i++) {
                stalled.add(stalledSubscriber(channelOf.apply(0)));
            }
            int warmup = intArg("warmup", 5);
            String rows = "";
            if (Boolean.parseBoolean(arg("fresh", "false")) || warmup == 0) {
                rows = window("fresh", connections, rate, seconds, channelOf, subscribers, ownChannels) + "\n";
            }
            if (warmup > 0) {
                publish(rate, warmup, channelOf, subscribers, null, answered -> {}); // both JITs settle first
                rows += window("warm", connections, rate, seconds, channelOf, subscribers, ownChannels) + "\n";
            }
            return rows.strip();
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /**
     * One measured window of the fan-out: a second of quiet (what Redis spends meanwhile), then {@code seconds} of
     * publications, then two seconds for the last deliveries; one row.
     */
    private String window(
            String phase,
            Connections<?> connections,
            int rate,
            int seconds,
            IntFunction<String> channelOf,
            int subscribers,
            boolean ownChannels)
            throws Exception {
        RedisInfo redisIdle = redisInfo("cpu");
        long idleStart = System.nanoTime();
        Thread.sleep(1000); // nothing published: what Redis spends meanwhile (pings, its timers) is not per publication
        connections.latency.reset();
        long eventsBefore = connections.events.sum();
        long gapsBefore = connections.gaps.sum();
        long wireBefore = connections.wireBytes.sum();
        long[] wireInWindow = new long[1];
        long[] inWindow = new long[1];
        String pids = arg("pid", "");
        CpuTime serverStart = CpuTime.of(pids);
        long firstPid = pids.isBlank() ? 0 : Long.parseLong(pids.split(",")[0].trim());
        ThreadCpu threadsStart = ThreadCpu.of(firstPid);
        CpuTime clientStart = CpuTime.ofThisProcess();
        RedisInfo redisStart = redisInfo("cpu");
        long windowStart = System.nanoTime();
        double redisIdlePerNano = redisStart.cpuSecondsSince(redisIdle) / (windowStart - idleStart);
        CpuTime[] used = new CpuTime[2];
        ThreadCpu[] threadsEnd = new ThreadCpu[1];
        String[] redisUsed = new String[1];
        Histogram roundTrips = new Histogram(3);
        long published = publish(rate, seconds, channelOf, subscribers, roundTrips, answered -> {
            inWindow[0] = connections.events.sum() - eventsBefore;
            wireInWindow[0] = connections.wireBytes.sum() - wireBefore;
            used[0] = CpuTime.of(pids).minus(serverStart);
            threadsEnd[0] = ThreadCpu.of(firstPid);
            used[1] = CpuTime.ofThisProcess().minus(clientStart);
            double idle = redisIdlePerNano * (System.nanoTime() - windowStart);
            redisUsed[0] = RedisInfo.microsPer(redisInfo("cpu").cpuSecondsSince(redisStart) - idle, answered);
        });
        Thread.sleep(2000); // let the last ones arrive; late ones count, as their latency shows
        long delivered = connections.events.sum() - eventsBefore;
        Histogram h = connections.latency.getIntervalHistogram();
        long expected = ownChannels ? published : published * subscribers;
        System.err.printf(
                Locale.ROOT,
                "wire_bytes_per_delivery=%.1f%n",
                inWindow[0] == 0 ? 0.0 : wireInWindow[0] / (double) inWindow[0]);
        if (threadsEnd[0] != null) {
            System.err.println("server_threads=" + threadsEnd[0].sharesSince(threadsStart));
        }
        return csv(
                ownChannels ? "channels" : "fanout",
                subscribers,
                rate,
                published,
                inWindow[0] / (double) seconds,
                expected == 0 ? 0 : delivered / (double) expected,
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()),
                connections.gaps.sum() - gapsBefore,
                "",
                "",
                "",
                used[0].microsPer(inWindow[0]),
                used[1].microsPer(inWindow[0]),
                redisUsed[0],
                "",
                "",
                String.format(
                        Locale.ROOT,
                        ",%s,%.2f,%.2f,%.2f",
                        phase,
                        ms(roundTrips.getValueAtPercentile(50)),
                        ms(roundTrips.getValueAtPercentile(99)),
                        ms(roundTrips.getMaxValue())));
    }

    /** A subscriber that completes the handshake, subscribes, and never reads again: a stalled phone. */
    private java.net.Socket stalledSubscriber(String channel) throws IOException {
        java.net.Socket socket = new java.net.Socket(http.getHost(), http.getPort());
        socket.setReceiveBufferSize(4096);
        var out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: " + http.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] subscribe =
                ("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + subscribe.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | subscribe.length); // short frame, zero mask
        System.arraycopy(subscribe, 0, frame, 6, subscribe.length);
        out.write(frame);
        out.flush();
        return socket;
    }

    /** N idle connections kept open with heartbeats: memory per connection on the server. */
    private String idle() throws Exception {
        int count = intArg("subscribers", 10_000);
        long pid = longArg("pid", 0);
        Memory before = Memory.of(pid);
        try (Connections<?> connections = Connections.create(arg("client", "netty"))) {
            connections.open(count, 200, i -> ws(null), i -> "{\"type\":\"subscribe\",\"channel\":\"status\"}");
            Thread.sleep(intArg("seconds", 30) * 1000L); // heartbeats run meanwhile
            Memory after = Memory.of(pid);
            int open = connections.size() - (int) connections.closed.sum();
            return csv(
                    "idle",
                    open,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    before.heapKb() < 0
                            ? ""
                            : String.format(Locale.ROOT, "%.1f", (after.heapKb() - before.heapKb()) / (double) open),
                    String.format(Locale.ROOT, "%.1f", (after.rssKb() - before.rssKb()) / (double) open),
                    "",
                    "",
                    "");
        }
    }

    /**
     * N connections, each holding {@code channels} subscriptions (one {@code subscribe} with a list, at most 100),
     * to names unique to it of about 200 characters ({@code unique=true}, the default) or to the same names for all:
     * the heap per connection, from which per subscription follows against the {@code idle} scenario. Start the
     * server with a subscription budget that holds them all ({@code tidings.limits.subscriptions.heap.percent}): a
     * {@code too_many_subscriptions} ends the run.
     */
    private String subscriptions() throws Exception {
        int count = intArg("subscribers", 1000);
        int channels = intArg("channels", 100);
        boolean unique = Boolean.parseBoolean(arg("unique", "true"));
        long pid = longArg("pid", 0);
        String run = Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT);
        IntFunction<String> frame = i -> {
            StringBuilder list = new StringBuilder("{\"type\":\"subscribe\",\"channels\":[");
            for (int c = 0; c < channels; c++) {
                String name = unique ? "trades:" + run + "-" + i + "-" + c + "-" : "trades:" + run + "-" + c + "-";
                list.append(c == 0 ? "\"" : ",\"")
                        .append(name)
                        .append("X".repeat(200 - name.length()))
                        .append('"');
            }
            return list.append("]}").toString();
        };
        Memory before = Memory.of(pid);
        try (Connections<?> connections = Connections.create(arg("client", "netty"))) {
            connections.open(count, 200, i -> ws(null), frame);
            Thread.sleep(intArg("seconds", 10) * 1000L); // every subscription answered, heartbeats run
            Memory after = Memory.of(pid);
            int open = connections.size() - (int) connections.closed.sum();
            return csv(
                    unique ? "subscriptions-unique" : "subscriptions-shared",
                    open,
                    channels,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    before.heapKb() < 0
                            ? ""
                            : String.format(Locale.ROOT, "%.1f", (after.heapKb() - before.heapKb()) / (double) open),
                    String.format(Locale.ROOT, "%.1f", (after.rssKb() - before.rssKb()) / (double) open),
                    "",
                    "",
                    "");
        }
    }

    /** N connections as fast as they are accepted, each with a JWT to verify: connections per second. */
    private String storm() throws Exception {
        int count = intArg("subscribers", 5000);
        try (Connections<?> connections = Connections.create(arg("client", "netty"))) {
            long nanos = connections.open(count, intArg("parallel", 100), i -> ws(token("s" + i)), i -> null);
            return csv(
                    "storm",
                    count,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "",
                    "",
                    String.format(Locale.ROOT, "%.0f", count / (nanos / 1e9)),
                    "",
                    "");
        }
    }

    /**
     * {@code events} publications (data of about {@code bytes} characters) to each of {@code channels} new channels,
     * round robin, at most 256 requests in flight, nobody subscribed: the memory the Redis behind the bus
     * ({@code redis=}) holds for them, per channel and per kept event ({@code history=}: the server's
     * {@code tidings.history.size}). The row's subscribers are the channels, its rate the events per channel.
     */
    private String history() throws Exception {
        int channels = intArg("channels", 100);
        int events = intArg("events", 100);
        long kept = (long) channels * Math.min(events, intArg("history", 100));
        String run = Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT);
        String data = "{\"pad\":\"" + "x".repeat(Math.max(0, intArg("bytes", 200) - 10)) + "\"}"; // bytes long
        Semaphore inFlight = new Semaphore(256);
        AtomicLong published = new AtomicLong();
        long before = redisInfo("memory").usedMemory();
        for (int i = 0; i < channels * events; i++) {
            inFlight.acquire();
            send("trades:H" + run + "-" + i % channels, data).whenComplete((response, error) -> {
                inFlight.release();
                if (error == null && response.statusCode() == 200) {
                    published.incrementAndGet();
                }
            });
        }
        inFlight.acquire(256); // every request answered
        long used = redisInfo("memory").usedMemory() - before;
        return csv(
                "history",
                channels,
                events,
                published.get(),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "",
                "",
                "",
                "",
                "",
                "",
                Long.toString(used / channels),
                Long.toString(used / kept),
                NO_PUBLISH_WINDOW);
    }

    /**
     * Publishes at {@code rate} per second for {@code seconds}, at most 256 requests in flight, and runs
     * {@code windowEnd} with the publications answered so far when the seconds are up: a saturated server answers its
     * last requests long after, so deliveries are counted in the window itself, not until the last answer. Each
     * answered publication's round trip goes into {@code roundTrips} (unless null), from the moment its request is
     * handed to the HTTP client to the moment the answer is read. The requests go out on a schedule, not one after the
     * other's answer, over as many connections as are in flight: a slow answer does not delay the next request.
     */
    private long publish(
            int rate,
            int seconds,
            IntFunction<String> channelOf,
            int channels,
            Histogram roundTrips,
            LongConsumer windowEnd)
            throws Exception {
        OrderBook book = intArg("book", 0) > 0 ? new OrderBook(intArg("book", 0)) : null;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        Semaphore inFlight = new Semaphore(256);
        AtomicLong published = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long periodMicros = Math.max(1, 1_000_000L / rate);
        var task = ticker.scheduleAtFixedRate(
                () -> {
                    if (!inFlight.tryAcquire()) {
                        return; // the server does not keep up: this tick is lost, and counted as not published
                    }
                    String channel = channelOf.apply((int) (next.getAndIncrement() % channels));
                    long sent = System.nanoTime();
                    send(channel, data(book)).whenComplete((response, error) -> {
                        long answered = System.nanoTime();
                        inFlight.release();
                        if (error == null && response.statusCode() == 200) {
                            published.incrementAndGet();
                            if (roundTrips != null) {
                                synchronized (roundTrips) {
                                    roundTrips.recordValue(answered - sent);
                                }
                            }
                        }
                    });
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        windowEnd.accept(published.get());
        task.cancel(false);
        ticker.shutdown();
        inFlight.acquire(256); // every request answered
        return published.get();
    }

    /** A publication's data: its {@code sent} stamp, and the book's next update when there is a book. */
    private static String data(OrderBook book) {
        String sent = "{\"sent\":" + System.nanoTime();
        return book == null ? sent + "}" : sent + "," + book.next() + "}";
    }

    /** {@code POST /api/publish} of one {@code trade} event with {@code data} to {@code channel}. */
    private CompletableFuture<HttpResponse<Void>> send(String channel, String data) {
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"trade\",\"data\":" + data + "}";
        return api.sendAsync(
                HttpRequest.newBuilder(http.resolve("api/publish"))
                        .header("X-API-Key", arg("key", "dev-key"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private URI ws(String token) {
        return ws(http.toString(), token);
    }

    /** The WebSocket address of the node at {@code url} (an http URL, with or without its trailing slash). */
    private static URI ws(String url, String token) {
        String base = url.replaceFirst("^http", "ws").replaceFirst("/?$", "/ws");
        return URI.create(token == null ? base : base + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** The Engine.IO 4 WebSocket address of the node at {@code url}, at Socket.IO's default path. */
    private static URI socketIo(String url) {
        return URI.create(url.replaceFirst("^http", "ws").replaceFirst("/?$", "/socket.io/?EIO=4&transport=websocket"));
    }

    /**
     * The exchange gateway's {@code subscribe} EVENT packet on {@code /ws} for the Tidings channel {@code
     * trades:SYMBOL}: {@code {channel: "trades", symbol}}, which joins the room of that name.
     */
    private static String exchangeSubscribe(String channel) {
        String symbol = channel.substring(channel.indexOf(':') + 1);
        return "42/ws,[\"subscribe\",{\"channel\":\"trades\",\"symbol\":\"" + symbol + "\"}]";
    }

    /** {@code INFO section} of the Redis named by {@code redis=}, or an empty reading without it. */
    private RedisInfo redisInfo(String section) {
        try {
            return RedisInfo.of(args.get("redis"), section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String token(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder()
                            .subject(subject)
                            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                            .build());
            String secret = arg("secret", "bench-secret-of-at-least-32-bytes!!");
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String csv(
            String scenario,
            long subscribers,
            long rate,
            long published,
            double deliveredPerSec,
            double completeness,
            double p50,
            double p99,
            double p999,
            double max,
            long gaps,
            String heapKb,
            String rssKb,
            String connPerSec,
            String serverMicros,
            String clientMicros) {
        return csv(
                scenario,
                subscribers,
                rate,
                published,
                deliveredPerSec,
                completeness,
                p50,
                p99,
                p999,
                max,
                gaps,
                heapKb,
                rssKb,
                connPerSec,
                serverMicros,
                clientMicros,
                "",
                "",
                "",
                NO_PUBLISH_WINDOW);
    }

    /**
     * A row with the figures of the Redis behind the bus (empty when there is none) and {@code publishWindow}: the
     * trailing columns from {@code phase} on, each with its leading comma.
     */
    private String csv(
            String scenario,
            long subscribers,
            long rate,
            long published,
            double deliveredPerSec,
            double completeness,
            double p50,
            double p99,
            double p999,
            double max,
            long gaps,
            String heapKb,
            String rssKb,
            String connPerSec,
            String serverMicros,
            String clientMicros,
            String redisMicros,
            String redisBytesPerChannel,
            String redisBytesPerKeptEvent,
            String publishWindow) {
        return String.join(
                        ",",
                        scenario,
                        arg("server", "?"),
                        Long.toString(subscribers),
                        Long.toString(rate),
                        Long.toString(published),
                        String.format(Locale.ROOT, "%.0f", deliveredPerSec),
                        String.format(Locale.ROOT, "%.4f", completeness),
                        String.format(Locale.ROOT, "%.2f", p50),
                        String.format(Locale.ROOT, "%.2f", p99),
                        String.format(Locale.ROOT, "%.2f", p999),
                        String.format(Locale.ROOT, "%.2f", max),
                        Long.toString(gaps),
                        heapKb,
                        rssKb,
                        connPerSec,
                        serverMicros,
                        clientMicros,
                        redisMicros,
                        redisBytesPerChannel,
                        redisBytesPerKeptEvent)
                + publishWindow;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(arg(name, Integer.toString(fallback)));
    }

    private long longArg(String name, long fallback) {
        return Long.parseLong(arg(name, Long.toString(fallback)));
    }

    /**
     * CPU time a process has used (user and system, all threads), or unknown (negative). Per delivery it is what
     * a box's CPU budget follows, and it moves less between identical runs than latency on a shared box.
     */
    record CpuTime(long nanos) {
        /** Linux counts a process's CPU time in clock ticks of 1/100 s (USER_HZ on every Linux architecture). */
        private static final long NANOS_PER_TICK = 10_000_000;

        /** The sum over a comma-separated list of process ids (the nodes of one bus), unknown if any is. */
        static CpuTime of(String pids) {
            long nanos = 0;
            for (String pid : pids.split(",")) {
                CpuTime one = of(pid.isBlank() ? 0 : Long.parseLong(pid.trim()));
                if (one.nanos < 0) {
                    return one;
                }
                nanos += one.nanos;
            }
            return new CpuTime(nanos);
        }

        static CpuTime of(long pid) {
            if (pid <= 0) {
                return new CpuTime(-1);
            }
            try {
                return new CpuTime(ticks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * NANOS_PER_TICK);
            } catch (IOException e) { // no such process (any more)
                return new CpuTime(-1);
            }
        }

        /** User and system time, in clock ticks, of a process's or thread's {@code stat} line. */
        static long ticks(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // from field 3, the state
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        static CpuTime ofThisProcess() {
            return new CpuTime(ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .map(Duration::toNanos)
                    .orElse(-1L));
        }

        CpuTime minus(CpuTime start) {
            return nanos < 0 || start.nanos < 0 ? new CpuTime(-1) : new CpuTime(nanos - start.nanos);
        }

        /** Microseconds per event, or empty when unknown. */
        String microsPer(long events) {
            return nanos < 0 || events <= 0 ? "" : String.format(Locale.ROOT, "%.2f", nanos / 1e3 / events);
        }
    }

    /** A server process's memory: heap used after a full GC (JVMs, via jcmd) and resident set size. */
    record Memory(long heapKb, long rssKb) {
        static Memory of(long pid) throws IOException, InterruptedException {
            if (pid <= 0) {
                return new Memory(-1, 0);
            }
            long heap = -1;
            boolean jvm = Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("java");
            if (jvm && run("jcmd", Long.toString(pid), "GC.run") != null) { // jcmd's SIGQUIT would stop Node
                String info = run("jcmd", Long.toString(pid), "GC.heap_info");
                if (info != null) {
                    var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
                    if (m.find()) {
                        heap = Long.parseLong(m.group(1));
                    }
                }
            }
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Memory(heap, rss);
        }

        private static String run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && !output.contains("Exception") ? output : null;
        }
    }
}
