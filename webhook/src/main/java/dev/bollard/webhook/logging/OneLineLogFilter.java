package dev.bollard.webhook.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The console handler's filter (quarkus.log.console.filter): in the plain-text format, the message
 * is formatted with its parameters and then escaped by {@link LogText}, so whatever a request put
 * into a logged value stays inside its line. Stack traces are printed apart from the message and
 * keep their lines. With JSON logs on, records pass untouched: the JSON writer escapes them, and
 * escaping twice would show {@code \\n} to the reader.
 */
@LoggingFilter(name = OneLineLogFilter.NAME)
public final class OneLineLogFilter implements Filter {
    public static final String NAME = "one-line";

    private final boolean json;

    public OneLineLogFilter(@ConfigProperty(name = "quarkus.log.console.json.enabled", defaultValue = "false") boolean json) {
        this.json = json;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (json || !(record instanceof ExtLogRecord ext)) {
            return true;
        }
        String formatted = ext.getFormattedMessage();
        String escaped = LogText.escape(formatted);
        if (formatted != null && !formatted.equals(escaped)) {
            ext.setMessage(escaped, ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
        }
        return true;
    }
}
