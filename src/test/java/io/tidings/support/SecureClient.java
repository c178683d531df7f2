package io.tidings.support;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A wss client (the JDK's) that trusts the development keystore the build made, with certificate and host name
 * checked as any client would. Collects text frames and waits for the one a test expects, with a timeout.
 */
public final class SecureClient implements AutoCloseable {

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private SecureClient(URI uri) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().sslContext(trustingDevKeystore()).build();
        socket = http.newWebSocketBuilder()
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
    }

    /** The wss URI of a namespace on {@code localhost} at the run's TLS port ({@code tidings.test.wss.port}). */
    public static URI uri(String namespace) {
        return URI.create("wss://localhost:" + System.getProperty("tidings.test.wss.port") + "/" + namespace);
    }

    public static SecureClient connect(URI uri) throws Exception {
        return new SecureClient(uri);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame matching, failing after {@link TestClient#TIMEOUT}. */
    public String await(Predicate<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            String frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no expected frame over wss within " + TestClient.TIMEOUT);
            }
            if (expected.test(frame)) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null);
    }

    private static SSLContext trustingDevKeystore() throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("tidings.tls.keystore")))) {
            keystore.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keystore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
