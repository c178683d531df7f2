package io.tidings.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outboxes of the connections a delivery thread left with frames waiting ({@link Outbox#offerWaiting}), by the
 * I/O thread that owns each one's socket: {@link #send} gives each I/O thread one task that starts their sends there,
 * where Undertow writes at once, instead of one task per send. The task starts {@link #TURN} at a time and lets the
 * thread poll its sockets between turns, so a request (a publish) does not wait behind thousands of sends. Used by one
 * thread at a time.
 */
public final class Kicks {

    /** Sends started on an I/O thread before it polls its sockets again. */
    static final int TURN = 256;

    private static final Logger LOG = Logger.getLogger(Kicks.class.getName());

    private final Map<IoThread, List<Outbox>> waiting = new HashMap<>(8);

    void add(IoThread thread, Outbox outbox) {
        waiting.computeIfAbsent(thread, t -> new ArrayList<>()).add(outbox);
    }

    /** Starts the waiting sends on their I/O threads, or here when a thread takes no more tasks (it is stopping). */
    public void send() {
        for (Map.Entry<IoThread, List<Outbox>> entry : waiting.entrySet()) {
            Turns turns = new Turns(entry.getKey(), entry.getValue());
            try {
                entry.getKey().execute(turns);
            } catch (RuntimeException e) { // rejected: a frame must never be left waiting for a kick that never comes
                turns.rest();
            }
        }
        waiting.clear();
    }

    /** One I/O thread's share, a turn at a time. */
    private static final class Turns implements Runnable {
        private final IoThread thread;
        private final List<Outbox> outboxes;
        private int next;

        Turns(IoThread thread, List<Outbox> outboxes) {
            this.thread = thread;
            this.outboxes = outboxes;
        }

        @Override
        public void run() {
            kick(Math.min(outboxes.size(), next + TURN));
            if (next < outboxes.size()) {
                try {
                    thread.executeAfterPoll(this);
                } catch (RuntimeException e) { // as in send: never stranded
                    rest();
                }
            }
        }

        void rest() {
            kick(outboxes.size());
        }

        private void kick(int end) {
            for (; next < end; next++) {
                try {
                    outboxes.get(next).kick();
                } catch (RuntimeException e) { // one connection's trouble; the others' frames still leave
                    LOG.log(Level.WARNING, "A send failed to start", e);
                }
            }
        }
    }
}
