package io.tidings.gateway;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.function.BooleanSupplier;

/**
 * What the warm-up's own connections have seen, together: how many were subscribed, how many events they got, and
 * whether one was closed. Each connection's client endpoint ({@link #client}) subscribes to the warm-up's channel when
 * told {@code connected} and counts the {@code event} frames it reads, one per line of a batched message.
 */
final class WarmupTally {

    private static final String CONNECTED = "{\"type\":\"connected\"";
    private static final String SUBSCRIBED = "{\"type\":\"subscribed\"";
    private static final String EVENT = "{\"type\":\"event\"";
    private static final String ERROR = "{\"type\":\"error\"";
    private static final int ERROR_SHOWN = 200;

    private long subscribed;
    private long events;
    private String closed;

    /** A client endpoint for one more warm-up connection that subscribes to {@code channel}. */
    Endpoint client(String channel) {
        String subscribe = "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}";
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    if (read(text)) {
                        session.getAsyncRemote().sendText(subscribe);
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed(reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                closed(error.getClass().getSimpleName());
            }
        };
    }

    /** Counts one message's frames; whether it was {@code connected} (then the connection subscribes). */
    boolean read(String message) {
        if (message.startsWith(CONNECTED)) {
            return true;
        }
        int newEvents = 0;
        boolean nowSubscribed = false;
        int start = 0;
        while (start < message.length()) {
            int end = message.indexOf('\n', start);
            end = end < 0 ? message.length() : end;
            if (message.startsWith(EVENT, start)) {
                newEvents++;
            } else if (message.startsWith(SUBSCRIBED, start)) {
                nowSubscribed = true;
            } else if (message.startsWith(ERROR, start)) {
                closed("the node answered " + message.substring(start, Math.min(end, start + ERROR_SHOWN)));
            }
            start = end + 1;
        }
        synchronized (this) {
            events += newEvents;
            subscribed += nowSubscribed ? 1 : 0;
            notifyAll();
        }
        return false;
    }

    /**
     * A warm-up connection ended, or was refused what it asked, while the warm-up still needed it (at the end, its
     * own close counts too).
     */
    synchronized void closed(String why) {
        if (closed == null) {
            closed = why;
        }
        notifyAll();
    }

    /** Waits until {@code count} connections are subscribed. */
    void awaitSubscribed(long count, long deadlineNanos) throws InterruptedException, WarmupFailed {
        awaitUntil(() -> subscribed >= count, deadlineNanos, count + " subscriptions");
    }

    /** Waits until the connections have read {@code count} events between them. */
    void awaitEvents(long count, long deadlineNanos) throws InterruptedException, WarmupFailed {
        awaitUntil(() -> events >= count, deadlineNanos, count + " events");
    }

    synchronized long events() {
        return events;
    }

    private synchronized void awaitUntil(BooleanSupplier condition, long deadlineNanos, String what)
            throws InterruptedException, WarmupFailed {
        while (!condition.getAsBoolean()) {
            if (closed != null) {
                throw new WarmupFailed("a warm-up connection ended: " + closed);
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new WarmupFailed("timed out waiting for " + what);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
