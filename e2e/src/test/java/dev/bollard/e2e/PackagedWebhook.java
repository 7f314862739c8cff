package dev.bollard.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests one {@link WebhookProcess} (the packaged server as `make run` starts it), started
 * on first use and stopped when the whole run ends, so test classes share one JVM start.
 */
public class PackagedWebhook implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PackagedWebhook.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WebhookProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("webhook", key -> new Running(WebhookProcess.start()), Running.class)
                .webhook();
    }

    private record Running(WebhookProcess webhook) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            webhook.close();
        }
    }
}
