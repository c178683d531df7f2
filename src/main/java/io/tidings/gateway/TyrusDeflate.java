package io.tidings.gateway;

import jakarta.websocket.CloseReason;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.CloseFrame;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * Payara only (Tyrus, which ships no compressor): permessage-deflate (RFC 7692) with context takeover both ways and
 * the full window, at a set level. One instance serves every connection; each connection's deflater and inflater live
 * in its extension context (Tyrus sends a connection's frames one at a time and reads them on one thread). A message
 * that inflates past {@link GatewayLimits#MAX_FRAME_BYTES} is not inflated further: the connection is closed with
 * 1009, as the same message sent uncompressed would be. Loaded only once {@link Compression} has found Tyrus, so
 * WildFly never links it.
 */
final class TyrusDeflate implements ExtendedExtension {

    static final String API = "org.glassfish.tyrus.core.extension.ExtendedExtension";

    private static final String DEFLATER = TyrusDeflate.class.getName() + ".deflater";
    private static final String INFLATER = TyrusDeflate.class.getName() + ".inflater";
    /** Whether the message being read is compressed (its first frame says so, RFC 7692 6). */
    private static final String READING_COMPRESSED = TyrusDeflate.class.getName() + ".compressed";

    private static final String READ_SO_FAR = TyrusDeflate.class.getName() + ".read";
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte CONTINUATION = 0;

    private final int level;
    private final long inflatedLimit;

    TyrusDeflate(int level, long inflatedLimit) {
        this.level = level;
        this.inflatedLimit = inflatedLimit;
    }

    static TyrusDeflate create(int level) {
        return new TyrusDeflate(level, GatewayLimits.MAX_FRAME_BYTES);
    }

    @Override
    public String getName() {
        return Compression.NAME;
    }

    @Override
    public List<Parameter> getParameters() {
        return List.of();
    }

    @Override
    public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
        start(context);
        return List.of(); // context takeover and the full window both ways: the defaults, said by saying nothing
    }

    @Override
    public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
        start(context); // the client side (tests)
    }

    private void start(ExtensionContext context) {
        context.getProperties().put(DEFLATER, new Deflater(level, true));
        context.getProperties().put(INFLATER, new Inflater(true));
    }

    @Override
    public Frame processOutgoing(ExtensionContext context, Frame frame) {
        if (frame.isControlFrame()) {
            return frame;
        }
        Deflater deflater = (Deflater) context.getProperties().get(DEFLATER);
        deflater.setInput(frame.getPayloadData(), 0, (int) frame.getPayloadLength());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) frame.getPayloadLength() / 2 + 16);
        byte[] chunk = new byte[Math.max(64, Math.min(8192, (int) frame.getPayloadLength() + 16))];
        int written;
        do {
            written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, written);
        } while (written == chunk.length);
        byte[] compressed = out.toByteArray();
        // The message's last frame leaves out the empty block's tail (RFC 7692 7.2.1); a fragment keeps it.
        int length = frame.isFin() && endsWithTail(compressed) ? compressed.length - TAIL.length : compressed.length;
        byte[] payload = length == compressed.length ? compressed : Arrays.copyOf(compressed, length);
        return Frame.builder(frame)
                .payloadData(payload)
                .payloadLength(payload.length)
                .rsv1(frame.getOpcode() != CONTINUATION)
                .build();
    }

    @Override
    public Frame processIncoming(ExtensionContext context, Frame frame) {
        if (frame.isControlFrame()) {
            return frame;
        }
        var properties = context.getProperties();
        if (frame.getOpcode() != CONTINUATION) {
            properties.put(READING_COMPRESSED, frame.isRsv1());
            properties.put(READ_SO_FAR, 0L);
        }
        if (!Boolean.TRUE.equals(properties.get(READING_COMPRESSED))) {
            return frame;
        }
        Inflater inflater = (Inflater) properties.get(INFLATER);
        long readBefore = (Long) properties.getOrDefault(READ_SO_FAR, 0L);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(frame.getPayloadLength() * 4 + 16, 65536));
        try {
            inflate(inflater, frame.getPayloadData(), (int) frame.getPayloadLength(), out, readBefore);
            if (frame.isFin()) {
                inflate(inflater, TAIL, TAIL.length, out, readBefore);
            }
        } catch (DataFormatException e) {
            return close(CloseReason.CloseCodes.PROTOCOL_ERROR, "Bad compressed data");
        } catch (TooBig e) {
            return close(CloseReason.CloseCodes.TOO_BIG, "Message too big");
        }
        properties.put(READ_SO_FAR, readBefore + out.size());
        byte[] payload = out.toByteArray();
        return Frame.builder(frame)
                .payloadData(payload)
                .payloadLength(payload.length)
                .rsv1(false)
                .build();
    }

    private void inflate(Inflater inflater, byte[] input, int length, ByteArrayOutputStream out, long readBefore)
            throws DataFormatException, TooBig {
        inflater.setInput(input, 0, length);
        byte[] chunk = new byte[8192];
        int read;
        do {
            read = inflater.inflate(chunk);
            out.write(chunk, 0, read);
            if (readBefore + out.size() > inflatedLimit) {
                throw new TooBig();
            }
        } while (read > 0); // none: the input is used up (or the stream ended)
    }

    /**
     * A close frame in place of the client's frame: Tyrus handles it as the client's close, answering it with the same
     * code and closing the connection, which is what the client gets.
     */
    private static Frame close(CloseReason.CloseCode code, String reason) {
        return new CloseFrame(new CloseReason(code, reason));
    }

    private static boolean endsWithTail(byte[] compressed) {
        int n = compressed.length;
        return n >= TAIL.length
                && compressed[n - 4] == TAIL[0]
                && compressed[n - 3] == TAIL[1]
                && compressed[n - 2] == TAIL[2]
                && compressed[n - 1] == TAIL[3];
    }

    @Override
    public void destroy(ExtensionContext context) {
        if (context.getProperties().remove(DEFLATER) instanceof Deflater deflater) {
            deflater.end();
        }
        if (context.getProperties().remove(INFLATER) instanceof Inflater inflater) {
            inflater.end();
        }
    }

    /** The inflated message passed the limit. */
    @SuppressWarnings("serial")
    private static final class TooBig extends Exception {
        TooBig() {
            super(null, null, false, false);
        }
    }
}
