package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Payara only: sends with the platform class loader as the thread's context loader. Tyrus reschedules an idle timer on
 * every {@code sendText} and ping, even with no idle timeout, and Payara's executor then scans the context loader's
 * jars for context providers: with the web application's loader that scan dominated a fan-out profile. The platform
 * loader has none to find. Tyrus's raw frames measured slower without it too. WildFly sends go without it.
 */
final class PlatformLoaderTextWriter implements TextWriter {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final TextWriter writer;

    PlatformLoaderTextWriter(TextWriter writer) {
        this.writer = writer;
    }

    /** The writer it sends with. */
    TextWriter writer() {
        return writer;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        ClassLoader context = enter();
        try {
            writer.sendText(text, done);
        } finally {
            leave(context);
        }
    }

    @Override
    public void sendText(EncodedText text, SendHandler done) {
        ClassLoader context = enter();
        try {
            writer.sendText(text, done);
        } finally {
            leave(context);
        }
    }

    @Override
    public void sendPing(ByteBuffer data) throws IOException {
        ClassLoader context = enter();
        try {
            writer.sendPing(data);
        } finally {
            leave(context);
        }
    }

    @Override
    public boolean sendsFramesTogether() {
        return writer.sendsFramesTogether();
    }

    @Override
    public void sendFrames(EncodedText[] frames, int count, SendHandler done) {
        ClassLoader context = enter();
        try {
            writer.sendFrames(frames, count, done);
        } finally {
            leave(context);
        }
    }

    /** Makes the platform loader the thread's context loader; returns the one it replaced. */
    static ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        return context;
    }

    static void leave(ClassLoader context) {
        Thread.currentThread().setContextClassLoader(context);
    }
}
