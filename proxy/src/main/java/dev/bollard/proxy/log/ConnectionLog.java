package dev.bollard.proxy.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;

/**
 * Where the data plane writes its one line per connection (see {@link ConnectionLogFormat}).
 * Implementations are called from event loop threads: they must not block for long.
 */
public interface ConnectionLog {
    void write(String line);

    /** Several lines in their order; a sink that can write them at once overrides this. */
    default void write(List<String> lines) {
        for (String line : lines) {
            write(line);
        }
    }

    default void write(ConnectionRecord record) {
        write(ConnectionLogFormat.format(record));
    }

    /** One HTTP request on a proxied connection, when its response ended (or it was refused). */
    default void write(RequestRecord record) {
        write(RequestLogFormat.format(record));
    }

    /**
     * A connection is established end to end: what is known of it then (no line is written; the
     * metrics count it). Called at most once per connection, before its {@link #write(ConnectionRecord)}.
     */
    default void opened(ConnectionRecord soFar) {
    }

    /** Lines on standard output, where the container runtime collects them (see {@link StdoutLog}). */
    static ConnectionLog stdout() {
        return new StdoutLog(new FileOutputStream(FileDescriptor.out));
    }
}
