package io.tidings.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The backend's message webhook (and, at {@code /reads}, its notifications webhook), in the test JVM, at the URLs
 * the test servers are configured with (arquillian.xml). It answers by the message's content: {@code refuse...}
 * 403 with a reason, {@code change...} 200 with its own {@code messageId} and content, {@code slow...} not before
 * the server's timeout, anything else 200 with no body.
 */
public final class MessageWebhook implements AutoCloseable {

    public static final int PORT = 18766;

    private final HttpServer server;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final List<JsonObject> reads = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public MessageWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/messages", this::answer);
        server.createContext("/reads", exchange -> {
            reads.add(Api.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            respond(exchange, 204, "");
        });
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonObject message = Api.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(message);
        String content = message.getString("content");
        if (content.startsWith("refuse")) {
            respond(exchange, 403, "{\"message\":\"not in this conversation, says the backend\"}");
        } else if (content.startsWith("change")) {
            respond(exchange, 200, "{\"messageId\":\"backend-" + received.size() + "\",\"content\":\"changed\"}");
        } else if (content.startsWith("slow")) {
            try {
                closing.await(5, TimeUnit.SECONDS); // longer than the server's 1 s timeout, or until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "");
        } else {
            respond(exchange, 200, "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** What the server POSTed, in arrival order. */
    public List<JsonObject> received() {
        return received;
    }

    /** What the server POSTed to the notifications webhook ({@code /reads}), in arrival order. */
    public List<JsonObject> reads() {
        return reads;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
