package dev.bollard.proxy.log;

import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging (the data plane's and Netty's) in the agent's one-line shape,
 * {@code <instant> <level> <message>} on stderr, so {@code kubectl logs} reads as one stream
 * instead of JUL's default two-line records next to the agent's lines.
 */
public final class OneLineLogging extends Formatter {
    OneLineLogging() {
    }

    /**
     * For {@link Thread#setDefaultUncaughtExceptionHandler}: a thread that dies of an exception
     * nobody caught says so in one log line (the JVM's default prints a stack trace to stderr).
     */
    public static Thread.UncaughtExceptionHandler uncaughtExceptions() {
        return (thread, error) -> Logger.getLogger(OneLineLogging.class.getName())
                .log(Level.SEVERE, "thread " + thread.getName() + " stopped by an unexpected error", error);
    }

    /** Replaces the root logger's handlers; INFO and above; uncaught exceptions go there too. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(uncaughtExceptions());
        LogManager.getLogManager().reset();
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLineLogging());
        handler.setLevel(Level.INFO);
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(handler);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(Instant.ofEpochMilli(record.getMillis()).toString())
                .append(' ').append(level(record.getLevel())).append(' ').append(formatMessage(record));
        if (record.getThrown() != null) {
            // the cause chain on the same line: a stack trace would break one-event-per-line logs
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(": ").append(t.getClass().getSimpleName());
                if (t.getMessage() != null) {
                    line.append(' ').append(t.getMessage());
                }
            }
        }
        return line.toString().replace('\n', ' ').replace('\r', ' ') + System.lineSeparator();
    }

    private static String level(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "warn";
        }
        return level.intValue() >= Level.INFO.intValue() ? "info" : level.getName().toLowerCase(Locale.ROOT);
    }
}
