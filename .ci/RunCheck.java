import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Checks a running Tidings as a client would, for .ci/run: {@code java .ci/RunCheck.java ws://127.0.0.1:8080/ws
 * HEARTBEAT SYMBOL [KEYSTORE]} (for a wss URL, KEYSTORE holds the certificate to trust). Connects, checks that
 * {@code connected} announces HEARTBEAT seconds (a setting given to the run command), subscribes to
 * {@code ticker:SYMBOL} and waits for a live {@code ticker.update}; over ws, also that the run's development token
 * endpoint gives a token that opens {@code /messaging} as its user.
 */
public class RunCheck {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String heartbeat = "\"heartbeat\":" + args[1] + ",";
        String channel = "ticker:" + args[2];
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        HttpClient.Builder http = HttpClient.newBuilder();
        if (args.length > 3) {
            http.sslContext(trusting(java.nio.file.Path.of(args[3])));
        }
        WebSocket socket = http.build()
                .newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            frames.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        String connected = await(frames, "\"type\":\"connected\"");
        if (!connected.contains(heartbeat)) {
            fail("the -D setting did not reach the server: " + connected);
        }
        socket.sendText("{\"type\":\"subscribe\",\"id\":\"1\",\"channel\":\"" + channel + "\"}", true);
        await(frames, "\"type\":\"subscribed\"");
        String event = await(frames, "\"event\":\"ticker.update\"");
        if (!event.contains("\"channel\":\"" + channel + "\"")) {
            fail("unexpected event: " + event);
        }
        System.out.println("ok: " + uri + " announced " + heartbeat + " and delivered " + channel);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        if (uri.getScheme().equals("ws")) {
            userTokenOpensMessaging(uri);
        }
    }

    /** The run command made its own secret: GET /dev/token gives a user's token that opens /messaging as that user. */
    private static void userTokenOpensMessaging(URI ws) throws Exception {
        URI http = URI.create("http://" + ws.getAuthority());
        HttpClient client = HttpClient.newHttpClient();
        var answer = client.send(
                java.net.http.HttpRequest.newBuilder(http.resolve("/dev/token?sub=alice")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var token = java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            fail("GET /dev/token answered " + answer.statusCode() + ": " + answer.body());
        }
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + ws.getAuthority() + "/messaging?token=" + token.group(1)), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        ws.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        String connected = await(frames, "\"type\":\"connected\"");
        if (!connected.contains("\"user\":\"alice\"")) {
            fail("the development token did not open /messaging as alice: " + connected);
        }
        System.out.println("ok: GET /dev/token?sub=alice opened /messaging as alice");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    /** Trusts the certificates of a PKCS12 keystore (the development one the build made), password changeit. */
    private static javax.net.ssl.SSLContext trusting(java.nio.file.Path keystore) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String await(LinkedBlockingQueue<String> frames, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame != null && frame.contains(marker)) {
                return frame;
            }
        }
        fail("no frame with " + marker + " within 20 s");
        return null;
    }

    private static void fail(String message) {
        System.err.println("RunCheck failed: " + message);
        System.exit(1);
    }
}
