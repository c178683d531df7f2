package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollingTransportTest {

    private final PollingTransport polling = new PollingTransport(60_000);
    private final List<SendResult> results = new ArrayList<>();
    private final SendHandler done = results::add;

    @Test
    void packetsWaitForTheNextGetAndLeaveTogether() {
        polling.send("0{}", done);
        polling.send("40/ws,{}", done);
        assertEquals(2, results.size(), "taken at once: the buffer is far from full");
        Get get = new Get();
        polling.poll(get.context);
        assertEquals("0{}\u001e40/ws,{}", get.body());
    }

    @Test
    void aWaitingGetIsAnsweredByTheNextPacket() {
        Get get = new Get();
        polling.poll(get.context);
        assertNull(get.body());
        polling.send("2", done);
        assertEquals("2", get.body());
    }

    @Test
    void aGetWaitsThePollTimeThenGetsANoop() {
        Get get = new Get();
        polling.poll(get.context);
        polling.expire(System.nanoTime());
        assertNull(get.body(), "within the poll time it waits");
        polling.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(61));
        assertEquals("6", get.body());
    }

    @Test
    void aGetASenderAnsweredIsNotEndedAgainByThePollTime() {
        Get get = new Get();
        polling.poll(get.context);
        polling.send("2", done);
        polling.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(61));
        assertEquals("2", get.body());
        assertEquals(1, get.completions, "completed once, by the sender");
    }

    @Test
    void aProbeEndsTheWaitingGetAtOnceAndLaterOnesAtTheNextSweep() {
        Get waiting = new Get();
        polling.poll(waiting.context);
        polling.probing();
        assertEquals("6", waiting.body(), "the client pauses polling only once its GET returns");
        Get next = new Get();
        polling.poll(next.context);
        polling.expire(System.nanoTime());
        assertEquals("6", next.body());
        polling.probeEnded();
        Get after = new Get();
        polling.poll(after.context);
        polling.expire(System.nanoTime());
        assertNull(after.body(), "a probe that did not upgrade: GETs wait the poll time again");
    }

    @Test
    void pastTheBufferASenderIsToldOnlyWhenAGetTookItsPacket() {
        polling.send("4" + "x".repeat(PollingTransport.BUFFER_CHARS), done);
        assertTrue(results.isEmpty(), "held back");
        Get get = new Get();
        polling.poll(get.context);
        assertEquals(1, results.size());
        assertTrue(results.get(0).isOK());
    }

    @Test
    void theUpgradeSendsWhatWasNotFetchedFirstThenEverythingLater() {
        List<String> webSocket = new ArrayList<>();
        polling.send("42/ws,[\"a\"]", done);
        polling.upgradeTo(new EngineTransport() {
            @Override
            public void send(String packet, SendHandler handler) {
                webSocket.add(packet);
                handler.onResult(new SendResult());
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close(CloseReason reason) {}
        });
        polling.send("42/ws,[\"b\"]", done);
        assertEquals(List.of("42/ws,[\"a\"]", "42/ws,[\"b\"]"), webSocket);
        Get late = new Get();
        polling.poll(late.context);
        assertEquals("6", late.body(), "a poll after the upgrade is a noop");
    }

    @Test
    void closingAnswersTheWaitingGetWithCloseAndFailsLaterSends() {
        Get get = new Get();
        polling.poll(get.context);
        polling.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        assertEquals("1", get.body());
        assertFalse(polling.isOpen());
        polling.send("2", done);
        assertFalse(results.get(0).isOK());
    }

    @Test
    void aSecondGetAtOnceIsRefused() {
        Get first = new Get();
        polling.poll(first.context);
        Get second = new Get();
        polling.poll(second.context);
        assertEquals(400, second.status);
        assertNull(first.body(), "the first still waits");
    }

    /** A GET as the servlet container hands it over: what was written, once completed. */
    private static final class Get {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean completed;
        int completions;
        int status = 200;
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getOutputStream" -> {
                            return new ServletOutputStream() {
                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(WriteListener listener) {}

                                @Override
                                public void write(int b) {
                                    out.write(b);
                                }
                            };
                        }
                        case "setStatus" -> status = (Integer) args[0];
                        default -> {}
                    }
                    return null;
                });
        final AsyncContext context = (AsyncContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getResponse" -> {
                            return response;
                        }
                        case "complete" -> {
                            completed = true;
                            completions++;
                        }
                        case "start" -> ((Runnable) args[0]).run(); // the container's thread, here the test's
                        default -> {}
                    }
                    return null;
                });

        String body() {
            return completed ? out.toString(StandardCharsets.UTF_8) : null;
        }
    }
}
