package io.tidings.session;

import java.util.concurrent.Executor;

/**
 * The thread that owns a connection's socket, where the container has one (Undertow's XNIO I/O thread on WildFly): a
 * send made on it is written at once, a send made on any other thread becomes a task for it. Its tasks run one at a
 * time in the order given. Connections on one thread share one {@code IoThread} object.
 */
interface IoThread extends Executor {

    /**
     * Runs the task on this thread once it has looked at its sockets again (new requests, writable sockets), rather
     * than before; a little later than {@link #execute} would.
     */
    void executeAfterPoll(Runnable task);
}
