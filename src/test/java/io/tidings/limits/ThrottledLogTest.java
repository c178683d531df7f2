package io.tidings.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    @Test
    void aBurstOfFailuresIsOneLineWithTheCauseAndNoStack() {
        Logger logger = Logger.getLogger("io.tidings.limits.ThrottledLogTest");
        logger.setUseParentHandlers(false);
        List<LogRecord> records = new ArrayList<>();
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        ThrottledLog log = new ThrottledLog(logger, "The webhook did not take a read");
        for (int i = 0; i < 1000; i++) {
            log.note(new RuntimeException("wrapped", new IOException("connection refused")));
        }
        assertEquals(1, records.size(), "one line for the burst");
        assertNull(records.get(0).getThrown(), "no stack trace");
        assertTrue(
                records.get(0).getMessage().endsWith("IOException: connection refused"),
                records.get(0).getMessage());
    }
}
