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
}
