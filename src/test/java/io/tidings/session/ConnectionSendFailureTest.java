package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A send that fails in any way closes its connection with 1011 and is counted; nothing more is sent to it. */
class ConnectionSendFailureTest {

    private final List<Integer> closes = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final DeliveryMeter meter = new DeliveryMeter() {
        @Override
        public void sendFailed() {
            failures.incrementAndGet();
        }
    };

    @Test
    void anErrorThrownBySendTextClosesWith1011() {
        Connection connection = connection(new OutboxTest.ManualRemote() {
            @Override
            public void sendText(String text, SendHandler handler) {
                throw new Error("the encoder failed"); // what Payara's Tyrus did with a lone surrogate
            }
        });
        connection.send("{\"type\":\"pong\"}");
        connection.send("{\"type\":\"pong\"}");
        assertEquals(List.of(1011), closes);
        assertEquals(1, failures.get());
        assertTrue(connection.closing());
        assertEquals(1011, connection.endedWith(1000), "a send that throws is the server's failure");
    }

    @Test
    void aFailedCompletionClosesWith1011() {
        Connection connection = connection(new OutboxTest.ManualRemote() {
            @Override
            public void sendText(String text, SendHandler handler) {
                handler.onResult(new SendResult(new IOException("reset by peer")));
            }
        });
        connection.send("{\"type\":\"pong\"}");
        assertEquals(List.of(1011), closes);
        assertEquals(1, failures.get());
        assertEquals(1000, connection.endedWith(1000), "the client's own close, crossing the send, is what counts");
    }

    @Test
    void aClientGoneAsTheContainerReportsIsClosedAtOnceAndNotClaimed() {
        Connection connection = connection(new OutboxTest.ManualRemote());
        connection.clientGone();
        connection.send("{\"type\":\"pong\"}");
        assertEquals(1, closes.size(), "the socket is closed");
        assertTrue(connection.closing());
        assertEquals(1006, connection.endedWith(1006), "counted as the container reports it, not as our fault");
        assertEquals(0, failures.get(), "no send failed");
    }

    private Connection connection(OutboxTest.ManualRemote remote) {
        boolean[] open = {true};
        Session session = (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> open[0];
                    case "close" -> {
                        closes.add(((CloseReason) args[0]).getCloseCode().getCode());
                        open[0] = false;
                        yield null;
                    }
                    default -> null;
                });
        return new Connection("c", "/ws", "127.0.0.1", session, new Limits(16, 100, 100), Runnable::run, meter);
    }
}
