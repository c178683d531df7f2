package io.tidings.gateway;

/**
 * Follows the frame headers in the bytes a client sends and spots the first frame that declares a payload above the
 * limit, so it can be refused before anything buffers it. Client frames are masked; the scanner does not unmask, it
 * only needs the lengths. Not thread-safe: one per connection, fed by its reading thread.
 */
final class FrameLengthScanner {

    private static final int MAX_HEADER = 14;

    private final long limit;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private long declared;
    private long payloadLeft;

    FrameLengthScanner(long limit) {
        this.limit = limit;
    }

    /**
     * Feeds the next bytes of the stream; answers the index just past the length field of a frame that declares
     * more than the limit (the bytes before it are harmless), or -1 when none in these bytes does.
     */
    int scan(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, end - i);
                payloadLeft -= skip;
                i += skip;
                continue;
            }
            header[headerLength++] = bytes[i++];
            if (headerLength < 2) {
                continue;
            }
            int lengthBytes = lengthBytes();
            if (headerLength == 2 + lengthBytes) {
                declared = declaredLength(lengthBytes);
                if (declared < 0 || declared > limit) {
                    return i;
                }
            }
            if (headerLength == 2 + lengthBytes + maskBytes()) {
                payloadLeft = declared;
                headerLength = 0;
            }
        }
        return -1;
    }

    private int lengthBytes() {
        int code = header[1] & 0x7f;
        return code == 126 ? 2 : code == 127 ? 8 : 0;
    }

    private int maskBytes() {
        return (header[1] & 0x80) != 0 ? 4 : 0;
    }

    private long declaredLength(int lengthBytes) {
        if (lengthBytes == 0) {
            return header[1] & 0x7f;
        }
        long value = 0;
        for (int k = 0; k < lengthBytes; k++) {
            value = (value << 8) | (header[2 + k] & 0xff);
        }
        return value; // negative when the top bit of an 8-byte length is set: past any limit
    }
}
