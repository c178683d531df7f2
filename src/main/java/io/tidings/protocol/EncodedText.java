package io.tidings.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame's payload encoded once and shared by every recipient: its UTF-8 bytes, and the whole unmasked
 * server-to-client WebSocket frame (header and payload), each made on first use and kept. Nobody writes into the
 * shared arrays: each send gets its own buffer over them ({@link #utf8()}, {@link #frame()}), so concurrent sends to
 * many connections do not disturb each other's positions. An event's frame also carries when the bus accepted its
 * publication, so that each recipient's delivery latency is measured without a wrapper per recipient.
 */
public final class EncodedText {

    private final long acceptedNanos;
    private volatile String text;
    private volatile byte[] utf8;
    private volatile ByteBuffer readOnlyUtf8;
    private volatile byte[] frame;

    private EncodedText(String text, byte[] utf8, long acceptedNanos) {
        this.text = text;
        this.utf8 = utf8;
        this.acceptedNanos = acceptedNanos;
    }

    public static EncodedText of(String text) {
        return of(text, 0);
    }

    /**
     * An event's frame.
     *
     * @param acceptedNanos {@link System#nanoTime()} when the bus accepted the publication it carries
     */
    public static EncodedText of(String text, long acceptedNanos) {
        if (text == null) {
            throw new NullPointerException("text");
        }
        return new EncodedText(text, null, acceptedNanos);
    }

    /**
     * Several frames' payloads as one, a line each (the batching subprotocol): their shared bytes copied once, with a
     * newline between; no line holds one, since every frame is compact JSON.
     */
    public static EncodedText lines(EncodedText[] frames, int count) {
        int length = count - 1;
        for (int i = 0; i < count; i++) {
            length += frames[i].utf8Bytes().length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                joined[at++] = '\n';
            }
            byte[] line = frames[i].utf8Bytes();
            System.arraycopy(line, 0, joined, at, line.length);
            at += line.length;
        }
        return new EncodedText(null, joined, 0);
    }

    /**
     * Several whole frames one after another, as one write puts them on the wire: each stays a message of its own, so
     * a client that reads one frame per message sees no difference.
     */
    public static byte[] frames(EncodedText[] frames, int count) {
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += frames[i].frameBytes().length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] frame = frames[i].frameBytes();
            System.arraycopy(frame, 0, joined, at, frame.length);
            at += frame.length;
        }
        return joined;
    }

    /** The text itself, for a container that only takes a {@code String} (the portable path). */
    public String text() {
        String decoded = text;
        if (decoded == null) { // made from bytes (lines): decoded once, on first use
            decoded = new String(utf8, StandardCharsets.UTF_8);
            text = decoded;
        }
        return decoded;
    }

    /** A read-only buffer over the shared UTF-8 bytes, positioned at 0: one per send. */
    public ByteBuffer utf8() {
        ByteBuffer template = readOnlyUtf8; // never handed out, so its position stays 0
        if (template == null) {
            template = ByteBuffer.wrap(utf8Bytes()).asReadOnlyBuffer();
            readOnlyUtf8 = template;
        }
        return template.duplicate();
    }

    /** {@link System#nanoTime()} when the bus accepted the publication this event frame carries; 0 for any other. */
    public long acceptedNanos() {
        return acceptedNanos;
    }

    /**
     * A buffer over the shared whole frame (FIN, opcode text, no mask, the payload length in its shortest form, the
     * payload): one per send. It is writable only so that a writer that reads its backing array (Tyrus) need not copy
     * it; whoever gets it must only read it.
     */
    public ByteBuffer frame() {
        return ByteBuffer.wrap(frameBytes());
    }

    private byte[] frameBytes() {
        byte[] written = frame;
        if (written == null) {
            written = frameOf(utf8Bytes());
            frame = written;
        }
        return written;
    }

    /** The number of payload bytes. */
    public int length() {
        return utf8Bytes().length;
    }

    private byte[] utf8Bytes() {
        byte[] encoded = utf8;
        if (encoded == null) { // a race encodes twice at worst; both results are equal
            encoded = text.getBytes(StandardCharsets.UTF_8);
            utf8 = encoded;
        }
        return encoded;
    }

    static byte[] frameOf(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] out = new byte[header + length];
        out[0] = (byte) 0x81; // FIN, text
        if (length < 126) {
            out[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (length >>> 8);
            out[3] = (byte) length;
        } else {
            out[1] = 127;
            long big = length;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (big >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, out, header, length);
        return out;
    }

    @Override
    public String toString() {
        return text();
    }
}
