package dev.bollard.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class OneLineLoggingTest {
    @Test
    void writesInstantLevelMessageAndCausesOnOneLine() {
        LogRecord record = new LogRecord(Level.WARNING, "feed {0}\nforged line");
        record.setParameters(new Object[] {"down"});
        record.setMillis(0);
        record.setThrown(new IllegalStateException("outer", new IOException("inner")));
        assertEquals("1970-01-01T00:00:00Z warn feed down forged line: IllegalStateException outer: IOException inner"
                + System.lineSeparator(), new OneLineLogging().format(record));
    }

    @Test
    void aThreadThatDiesSaysSoInOneLogLineNotAStackTrace() throws Exception {
        java.util.List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(OneLineLogging.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("boom");
            }, "feed-test");
            t.setUncaughtExceptionHandler(OneLineLogging.uncaughtExceptions());
            t.start();
            t.join();
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, records.size());
        records.get(0).setMillis(0);
        assertEquals("1970-01-01T00:00:00Z error thread feed-test stopped by an unexpected error: IllegalStateException boom"
                + System.lineSeparator(), new OneLineLogging().format(records.get(0)));
    }
}
