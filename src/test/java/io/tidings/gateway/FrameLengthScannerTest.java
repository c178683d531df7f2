package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class FrameLengthScannerTest {

    private static final int LIMIT = 65_536;

    @Test
    void framesWithinTheLimitPassWhateverTheirLengthEncoding() {
        byte[] stream = concat(frame(5, true), frame(300, true), frame(LIMIT, true), frame(0, true));
        assertEquals(-1, new FrameLengthScanner(LIMIT).scan(stream, 0, stream.length));
    }

    @Test
    void aFrameAboveTheLimitIsSpottedJustPastItsLengthField() {
        byte[] small = frame(10, true);
        byte[] header = header(LIMIT + 1, true);
        byte[] stream = concat(small, header);
        assertEquals(small.length + 2 + 8, new FrameLengthScanner(LIMIT).scan(stream, 0, stream.length));
    }

    @Test
    void headersSplitAcrossReadsAreFollowed() {
        byte[] stream = concat(frame(200, true), header(5_000_000, true));
        FrameLengthScanner scanner = new FrameLengthScanner(LIMIT);
        int found = -1;
        for (int i = 0; i < stream.length && found < 0; i++) {
            found = scanner.scan(stream, i, 1); // one byte at a time
        }
        assertEquals(200 + 8 + 2 + 8, found);
    }

    @Test
    void aLengthWithItsTopBitSetIsAboveAnyLimit() {
        byte[] header = {(byte) 0x81, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(10, new FrameLengthScanner(Long.MAX_VALUE).scan(header, 0, header.length));
    }

    @Test
    void unmaskedFramesAreFollowedToo() {
        byte[] stream = concat(frame(126, false), header(LIMIT + 1, false));
        assertEquals(126 + 4 + 10, new FrameLengthScanner(LIMIT).scan(stream, 0, stream.length));
    }

    private static byte[] frame(int length, boolean masked) {
        return concat(header(length, masked), new byte[length]);
    }

    private static byte[] header(long length, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        int mask = masked ? 0x80 : 0;
        if (length <= 125) {
            out.write(mask | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(mask | 126);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >> shift));
            }
        }
        if (masked) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
