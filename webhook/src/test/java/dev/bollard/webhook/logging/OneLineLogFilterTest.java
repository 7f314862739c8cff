package dev.bollard.webhook.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class OneLineLogFilterTest {
    @Test
    void aPodNameWithANewlineCannotForgeALogLine() {
        ExtLogRecord record = record("inject %s/%s: injected", "shop", "web\n2026-01-01 00:00:00,000 INFO  [x] forged");
        assertTrue(new OneLineLogFilter(false).isLoggable(record));
        assertEquals("inject shop/web\\n2026-01-01 00:00:00,000 INFO  [x] forged: injected", record.getFormattedMessage());
        assertFalse(record.getFormattedMessage().contains("\n"));
    }

    @Test
    void carriageReturnsTerminalEscapesAndUnicodeSeparatorsAreEscaped() {
        assertEquals("a\\rb\\tc\\u001b[31md\\u2028e\\u0085f", LogText.escape("a\rb\tc\u001b[31md\u2028e\u0085f"));
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "inject shop/web-6d4f-*: injected as spiffe://cluster.local/ns/shop/sa/web (ünïcode ok)";
        assertSame(text, LogText.escape(text));
        ExtLogRecord record = record("inject %s", "shop/web");
        new OneLineLogFilter(false).isLoggable(record);
        assertEquals("inject shop/web", record.getFormattedMessage());
    }

    @Test
    void jsonLogsAreLeftToTheJsonWriter() {
        ExtLogRecord record = record("inject %s", "web\nx");
        new OneLineLogFilter(true).isLoggable(record);
        assertEquals("inject web\nx", record.getFormattedMessage());
    }

    @Test
    void theConsoleHandlerUsesTheFilter() throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        }
        assertEquals(OneLineLogFilter.NAME, p.getProperty("quarkus.log.console.filter"));
    }

    private static ExtLogRecord record(String format, Object... params) {
        ExtLogRecord r = new ExtLogRecord(Level.INFO, format, ExtLogRecord.FormatStyle.PRINTF, OneLineLogFilterTest.class.getName());
        r.setParameters(params);
        return r;
    }
}
