package io.tidings.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A bare WebSocket client over a socket, for what a well-behaved client library will not do: ignore pings, stop
 * reading, send malformed frames. It answers nothing by itself.
 */
public final class RawClient implements AutoCloseable {

    /** A frame as read: opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        public static final int TEXT = 1;
        public static final int CLOSE = 8;
        public static final int PING = 9;
        public static final int PONG = 10;

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1. */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String handshake = "";

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a socket and completes the handshake; fails unless the server answers 101. */
    public static RawClient connect(URI uri, int receiveBufferBytes) throws IOException {
        return connect(uri, receiveBufferBytes, null, Map.of());
    }

    /**
     * Opens a socket from {@code localAddress} (any loopback address, e.g. {@code 127.0.0.2}; null for the default)
     * and completes the handshake with these extra headers.
     */
    public static RawClient connect(URI uri, String localAddress, Map<String, String> headers) throws IOException {
        return connect(uri, 0, localAddress, headers);
    }

    /** Opens a socket with this receive buffer and completes the handshake with these extra headers. */
    public static RawClient connect(URI uri, int receiveBufferBytes, Map<String, String> headers) throws IOException {
        return connect(uri, receiveBufferBytes, null, headers);
    }

    /** Opens a socket with this receive buffer (0: the system's), asking for these subprotocols (most wanted first). */
    public static RawClient connectAsking(URI uri, int receiveBufferBytes, String subprotocols) throws IOException {
        return connect(uri, receiveBufferBytes, Map.of("Sec-WebSocket-Protocol", subprotocols));
    }

    private static RawClient connect(URI uri, int receiveBufferBytes, String localAddress, Map<String, String> headers)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        if (localAddress != null) {
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
        }
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(20_000);
        RawClient client = new RawClient(socket);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n";
        StringBuilder extra = new StringBuilder();
        headers.forEach(
                (name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        request += extra + "\r\n";
        client.out.write(request.getBytes(StandardCharsets.US_ASCII));
        client.out.flush();
        String status = client.readHeaders();
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        return client;
    }

    public static RawClient connect(URI uri) throws IOException {
        return connect(uri, 0);
    }

    public void sendText(String text) throws IOException {
        send(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * On a native connection: reads its {@code connected}, subscribes to {@code channel}, skips pings until the
     * {@code subscribed} answer, then stays alive without reading ({@link #keepAlive}): a stalled reader.
     */
    public void subscribeThenStall(String channel) throws IOException {
        subscribe(channel);
        keepAlive(); // alive but not reading: unsolicited pongs, as RFC 6455 allows
    }

    /** On a native connection: reads its {@code connected}, subscribes to {@code channel} and reads the answer. */
    public void subscribe(String channel) throws IOException {
        assertEquals("connected", Api.json(read().text()).getString("type"));
        sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        assertEquals("subscribed", Api.json(nextText()).getString("type"));
    }

    /** The next text message, past pings; fails when the connection ends first. */
    public String nextText() throws IOException {
        Frame frame = read();
        while (frame != null && frame.opcode() != Frame.TEXT) {
            frame = read();
        }
        assertNotNull(frame, "the connection ended");
        return frame.text();
    }

    /** Sends an unsolicited pong every 300 ms from now on, so the server sees the client alive without reading. */
    public void keepAlive() {
        Thread beat = new Thread(
                () -> {
                    try {
                        while (!socket.isClosed()) {
                            send(Frame.PONG, new byte[0]);
                            Thread.sleep(300); // a heartbeat's own period, not synchronisation
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection is gone
                    }
                },
                "raw-client-keepalive");
        beat.setDaemon(true);
        beat.start();
    }

    /** Sends many text frames in one write, as fast as the socket takes them. */
    public synchronized void sendTexts(java.util.List<String> texts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String text : texts) {
            all.write(encode(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** Sends a masked frame with any opcode and payload. */
    public synchronized void send(int opcode, byte[] payload) throws IOException {
        out.write(encode(opcode, payload));
        out.flush();
    }

    private static byte[] encode(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** The next frame, or null at the end of the stream. */
    public Frame read() throws IOException {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
    }

    /** Reads until a close frame or the end of the stream, returning the close code (-1 when none came). */
    public int readUntilClosed() throws IOException {
        for (Frame frame = read(); frame != null; frame = read()) {
            if (frame.opcode() == Frame.CLOSE) {
                return frame.closeCode();
            }
        }
        return -1;
    }

    /** Resets the connection (TCP RST): what a crashed device or a dropped network does to the server's sends. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // gone either way
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone either way
        }
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            headers.append((char) b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        handshake = headers.toString();
        return handshake.lines().findFirst().orElse("");
    }

    /** A header of the server's handshake answer (its name in any case), or null. */
    public String responseHeader(String name) {
        return handshake
                .lines()
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst()
                .orElse(null);
    }
}
