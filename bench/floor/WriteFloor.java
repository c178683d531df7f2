import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under a WebSocket fan-out on this box: what the kernel alone costs to send a server-to-client event frame
 * to many loopback connections, with no WebSocket stack at all. The server writes one ready-made, unmasked text frame
 * (the bytes every recipient of a publication gets) to each of its connections, from writer threads that each own a
 * share of them, at a paced publication rate; a reader in another process (two selector threads by default, as the
 * bench's Netty load generator) reads them. Both report their CPU, so the server's CPU per delivery here is what a
 * server pays for the write itself on loopback: the syscall, TCP, and the receiver's softirq and wake-up, which the
 * kernel runs on the writing thread (mostly: what ksoftirqd or the reader's thread does instead is not counted, so the
 * row also gives the whole box's busy time per delivery, from {@code /proc/stat}, which includes the reader's).
 *
 * <p>Run: {@code java bench/floor/WriteFloor.java connections=10000 rate=50 seconds=10 threads=4 batch=1}
 * ({@code batch=2} writes two frames per write, as a gathered write of a backlog does; {@code rate=0} writes as fast
 * as it can). Prints one CSV row.
 */
public final class WriteFloor {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("reader")) {
            read(Integer.parseInt(options.get("port")), Integer.parseInt(options.get("connections")),
                    Integer.parseInt(options.getOrDefault("reader-threads", "2")));
            return;
        }
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1"));
        int payload = Integer.parseInt(options.getOrDefault("payload", "110"));
        new WriteFloor().serve(connections, rate, seconds, warmup, threads, batch, payload,
                options.getOrDefault("reader-threads", "2"),
                options.getOrDefault("source", "bench/floor/WriteFloor.java"));
    }

    private void serve(int connections, int rate, int seconds, int warmup, int threads, int batch, int payload,
            String readerThreads, String source) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        Process reader = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                source, "reader", "port=" + port, "connections=" + connections, "reader-threads=" + readerThreads)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<SocketChannel> accepted = new ArrayList<>(connections);
        while (accepted.size() < connections) {
            SocketChannel channel = server.accept();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            accepted.add(channel);
        }
        ByteBuffer frames = frames(payload, batch);
        int frameLength = frames.remaining() / batch;
        Writer[] writers = new Writer[threads];
        for (int t = 0; t < threads; t++) {
            List<SocketChannel> share = new ArrayList<>();
            for (int i = t; i < connections; i += threads) {
                share.add(accepted.get(i));
            }
            writers[t] = new Writer(share, frames);
        }
        long periodNanos = rate == 0 ? 0 : 1_000_000_000L / rate * batch;
        run(writers, periodNanos, warmup);
        long cpuBefore = processCpuNanos();
        long[] boxBefore = boxJiffies();
        long writesBefore = Writer.writes.get();
        long incompleteBefore = Writer.incomplete.get();
        long wallBefore = System.nanoTime();
        run(writers, periodNanos, seconds);
        long wall = System.nanoTime() - wallBefore;
        long cpu = processCpuNanos() - cpuBefore;
        long[] boxAfter = boxJiffies();
        long writes = Writer.writes.get() - writesBefore;
        long deliveries = writes * batch;
        for (SocketChannel channel : accepted) {
            channel.close();
        }
        String readerLine = new String(reader.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        reader.waitFor();
        System.out.printf(
                "connections,rate,batch,threads,frame_bytes,deliveries_per_s,server_cpu_us_per_delivery,"
                        + "server_cores,box_cpu_us_per_delivery,box_softirq_us_per_delivery,incomplete_writes,reader%n"
                        + "%d,%d,%d,%d,%d,%.0f,%.3f,%.2f,%.3f,%.3f,%d,%s%n",
                connections, rate, batch, threads, frameLength, deliveries * 1e9 / wall,
                cpu / 1000.0 / deliveries, (double) cpu / wall,
                (boxAfter[0] - boxBefore[0]) * 1e6 / JIFFIES_PER_SECOND / deliveries,
                (boxAfter[1] - boxBefore[1]) * 1e6 / JIFFIES_PER_SECOND / deliveries,
                Writer.incomplete.get() - incompleteBefore, readerLine);
    }

    /** Each writer writes the frames to every connection it owns once per period; {@code 0} means back to back. */
    private static void run(Writer[] writers, long periodNanos, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] running = new Thread[writers.length];
        for (int t = 0; t < writers.length; t++) {
            Writer writer = writers[t];
            running[t] = new Thread(() -> writer.run(periodNanos, end), "writer-" + t);
            running[t].start();
        }
        for (Thread thread : running) {
            thread.join();
        }
    }

    private static final class Writer {
        static final AtomicLong writes = new AtomicLong();
        static final AtomicLong incomplete = new AtomicLong();
        private final List<SocketChannel> channels;
        private final ByteBuffer frames;

        Writer(List<SocketChannel> channels, ByteBuffer frames) {
            this.channels = channels;
            this.frames = frames;
        }

        void run(long periodNanos, long end) {
            long next = System.nanoTime();
            long written = 0;
            long short_ = 0;
            while (System.nanoTime() < end) {
                for (SocketChannel channel : channels) {
                    ByteBuffer frame = frames.duplicate();
                    try {
                        channel.write(frame);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    written++;
                    if (frame.hasRemaining()) {
                        short_++;
                    }
                }
                if (periodNanos > 0) {
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
            writes.addAndGet(written);
            incomplete.addAndGet(short_);
        }
    }

    /** {@code batch} unmasked WebSocket text frames of {@code payload} bytes each, back to back. */
    private static ByteBuffer frames(int payload, int batch) {
        byte[] text = ("{\"type\":\"event\",\"channel\":\"ticker.BTCUSDT\",\"offset\":1,\"data\":{\"p\":\""
                + "x".repeat(Math.max(0, payload - 70)) + "\"}}").getBytes(StandardCharsets.UTF_8);
        if (text.length > 125) {
            throw new IllegalArgumentException("payload must fit a one-byte length");
        }
        ByteBuffer frames = ByteBuffer.allocateDirect((2 + text.length) * batch);
        for (int i = 0; i < batch; i++) {
            frames.put((byte) 0x81).put((byte) text.length).put(text);
        }
        return frames.flip().asReadOnlyBuffer();
    }

    /** The reader: opens the connections, then reads until the server closes them; prints its CPU and bytes. */
    private static void read(int port, int connections, int threads) throws Exception {
        Selector[] selectors = new Selector[threads];
        for (int t = 0; t < threads; t++) {
            selectors[t] = Selector.open();
        }
        List<SocketChannel> opened = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            opened.add(channel);
        }
        for (int i = 0; i < connections; i++) {
            opened.get(i).register(selectors[i % threads], SelectionKey.OP_READ);
        }
        AtomicLong bytes = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long cpuBefore = processCpuNanos();
        for (int t = 0; t < threads; t++) {
            Selector selector = selectors[t];
            new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
                int open = selector.keys().size();
                long read = 0;
                try {
                    while (open > 0) {
                        selector.select();
                        for (SelectionKey key : selector.selectedKeys()) {
                            SocketChannel channel = (SocketChannel) key.channel();
                            int n;
                            while ((n = channel.read(buffer.clear())) > 0) {
                                read += n;
                            }
                            if (n < 0) {
                                key.cancel();
                                channel.close();
                                open--;
                            }
                        }
                        selector.selectedKeys().clear();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                bytes.addAndGet(read);
                done.countDown();
            }, "reader-" + t).start();
        }
        done.await();
        System.out.printf("reader_bytes=%d reader_cpu_ms=%d%n", bytes.get(),
                (processCpuNanos() - cpuBefore) / 1_000_000);
    }

    /** Linux's clock ticks per second, the unit of {@code /proc/stat} (USER_HZ, 100 on every common build). */
    private static final double JIFFIES_PER_SECOND = 100;

    /**
     * The whole box's busy time (every process, the kernel's softirq work wherever it ran) and its softirq part, in
     * jiffies, from {@code /proc/stat}: the process's own CPU misses softirq work that ran elsewhere (ksoftirqd, the
     * reader); with nothing else running, the box's CPU per delivery bounds the write's whole cost from above.
     */
    private static long[] boxJiffies() {
        try {
            String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 7; i++) { // user to softirq, not steal
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return new long[] {busy, Long.parseLong(cpu[7])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            options.put(equals < 0 ? arg : arg.substring(0, equals), equals < 0 ? "" : arg.substring(equals + 1));
        }
        return options;
    }
}
