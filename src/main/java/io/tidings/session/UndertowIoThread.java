package io.tidings.session;

import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;

/**
 * WildFly only: the XNIO I/O thread of an Undertow WebSocket session. XNIO runs every task queued on the thread, those
 * queued meanwhile too, before it polls its sockets again; a task given for "after the poll" waits one millisecond in
 * its timer queue, which XNIO reads only once the task queue is empty. Loaded only once {@link TextWriters} has found Undertow, so
 * Payara never links it.
 */
record UndertowIoThread(XnioIoThread thread) implements IoThread {

    /** One per thread (a handful), so connections share it rather than each holding its own. */
    private static final Map<XnioIoThread, IoThread> THREADS = new ConcurrentHashMap<>();

    /** The I/O thread of one of Undertow's sessions; null for any other session. */
    static IoThread of(Session session) {
        if (session instanceof UndertowSession undertow) {
            WebSocketChannel channel = undertow.getWebSocketChannel();
            XnioIoThread thread = channel != null ? channel.getIoThread() : null;
            if (thread != null) {
                return THREADS.computeIfAbsent(thread, UndertowIoThread::new);
            }
        }
        return null;
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    /** A one-millisecond timer task: XNIO reads its timers only once the task queue is empty, then polls. */
    @Override
    public void executeAfterPoll(Runnable task) {
        thread.executeAfter(task, 1, TimeUnit.MILLISECONDS);
    }
}
