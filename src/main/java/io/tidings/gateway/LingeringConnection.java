package io.tidings.gateway;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The upgraded connection as the servlet container's WebSocket implementation (Tyrus, on Payara) sees it, with the
 * two things RFC 6455 asks of the server that Tyrus skips:
 *
 * <ul>
 *   <li>After the close frame, the socket is not closed at once: what the client still sends is read and discarded
 *       until it closes its side, or until the linger time has passed. Closing a socket with unread input makes the
 *       kernel answer with a reset, which can destroy the close frame before the client reads it (a flooding client
 *       saw 1006 instead of 4008, a stalled one a bare FIN instead of 4009).
 *   <li>A frame that declares more than the frame limit is refused with 1009 as soon as its header is read, instead of
 *       being buffered up to Tyrus's own 4 MiB and refused with 1011.
 * </ul>
 */
final class LingeringConnection implements WebConnection {

    private static final Logger LOG = Logger.getLogger(LingeringConnection.class.getName());

    /** The connection whose WebSocket session is being opened on this thread (Tyrus opens it inside its init). */
    private static final ThreadLocal<LingeringConnection> OPENING = new ThreadLocal<>();

    private final WebConnection connection;
    private final ScheduledExecutorService scheduler;
    private final long lingerMillis;
    private final GuardedInput input;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;

    LingeringConnection(WebConnection connection, ScheduledExecutorService scheduler, long lingerMillis, int frameLimit)
            throws IOException {
        this.connection = connection;
        this.scheduler = scheduler;
        this.lingerMillis = lingerMillis;
        this.input = new GuardedInput(connection.getInputStream(), new FrameLengthScanner(frameLimit));
    }

    /** Runs the container's init of this connection, during which it opens the WebSocket session. */
    void opening(Runnable init) {
        OPENING.set(this);
        try {
            init.run();
        } finally {
            OPENING.remove();
        }
    }

    /** Called by the endpoint as it opens: lets the connection being opened on this thread close its session. */
    static void opened(Session session) {
        LingeringConnection opening = OPENING.get();
        if (opening != null) {
            opening.session = session;
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        return input;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        return connection.getOutputStream();
    }

    /** The container's close: from now on input is discarded, and the socket closes once the client's side has. */
    @Override
    public void close() {
        input.discarding = true;
        if (input.ended || input.in.isFinished()) {
            closeSocket();
        } else if (closing.compareAndSet(false, true)) {
            scheduler.schedule(this::closeSocket, lingerMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void closeSocket() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing an upgraded connection failed", e);
            }
        }
    }

    private void tooBig() throws IOException {
        input.discarding = true;
        Session open = session;
        if (open == null) {
            throw new IOException("frame too large"); // Tyrus closes with 1003; not expected: sessions open in init
        }
        open.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "frame too large"));
    }

    private final class GuardedInput extends ServletInputStream {
        private final ServletInputStream in;
        private final FrameLengthScanner scanner;
        /** Only for discarding, so only a closing connection has one (8 KB each on every idle one before). */
        private byte[] scratch;

        private volatile boolean discarding;
        private volatile boolean ended;

        GuardedInput(ServletInputStream in, FrameLengthScanner scanner) {
            this.in = in;
            this.scanner = scanner;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (discarding) {
                discard();
                return 0;
            }
            int read = in.read(bytes, offset, length);
            if (read < 0) {
                ended();
                return 0; // Tyrus takes a negative count for data; the container reports the end by itself
            }
            int refuseAt = scanner.scan(bytes, offset, read);
            if (refuseAt >= 0) {
                tooBig();
                return refuseAt - offset;
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        private void discard() throws IOException {
            if (scratch == null) {
                scratch = new byte[8192];
            }
            while (!ended && in.isReady()) {
                if (in.read(scratch) < 0) {
                    ended();
                }
            }
        }

        private void ended() {
            ended = true;
            if (discarding) {
                closeSocket();
            }
        }

        @Override
        public int available() throws IOException {
            return discarding ? 0 : in.available();
        }

        @Override
        public boolean isFinished() {
            return ended || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return !ended && in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
