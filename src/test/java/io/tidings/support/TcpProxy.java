package io.tidings.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server that can drop its connections: all of them, refusing new ones until told (a
 * network gone a while), or, in front of a Redis, make its pub/sub connections go quiet while staying open (what a
 * client sees when the Redis it subscribed on was demoted or lost its subscriptions without closing anything). A
 * connection counts as pub/sub once it has sent a SUBSCRIBE.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private volatile int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    private TcpProxy(int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread accepting = new Thread(this::accept, "tcp-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A proxy on a free port of 127.0.0.1 to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every connection, both ways, and drops new ones at once until {@link #restore}. */
    public void cut() {
        down = true;
        links.forEach(Link::close);
        links.clear();
    }

    /** New connections go to {@code 127.0.0.1:port} from now on (a client following a node that died to another). */
    public void retarget(int port) {
        targetPort = port;
    }

    /** Takes new connections again. */
    public void restore() {
        down = false;
    }

    /** From now on, the pub/sub connections open now get nothing more from Redis; they stay open. */
    public void silencePubSub() {
        links.stream().filter(link -> link.pubSub).forEach(link -> link.silenced = true);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException refused) { // the target is down: the client sees its connection close at once
                    client.close();
                    continue;
                }
                Link link = new Link(client, server);
                links.add(link);
                pump("tcp-proxy-up", client, server, link, true);
                pump("tcp-proxy-down", server, client, link, false);
            } catch (IOException e) {
                // closed, or Redis refused: the client sees its connection close
            }
        }
    }

    private static void pump(String name, Socket from, Socket to, Link link, boolean up) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int read; (read = in.read(buffer)) != -1; ) {
                            if (up && !link.pubSub) {
                                link.pubSub = new String(buffer, 0, read, StandardCharsets.US_ASCII)
                                        .toUpperCase(java.util.Locale.ROOT)
                                        .contains("SUBSCRIBE");
                            }
                            if (up || !link.silenced) {
                                out.write(buffer, 0, read);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        link.close();
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private static final class Link {

        private final Socket client;
        private final Socket server;
        volatile boolean pubSub;
        volatile boolean silenced;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            try {
                client.close();
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
