package dev.bollard.webhook.http;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Puts the HTTPS listener on the {@link TlsStack} chosen at start, names it once in the log and
 * as {@code bollard_tls_stack_info{stack="boringssl|jdk"} 1}. Only the engine changes: the key
 * and trust material still come from the TLS registry (ops/ServingKeyStore, mesh/MeshClientTrust),
 * so certificate swaps, client-auth=request and ALPN work the same on either stack.
 */
@ApplicationScoped
public class TlsStackHttpServer implements HttpServerOptionsCustomizer {
    static final String METRIC = "bollard.tls.stack.info";
    private static final Logger LOG = Logger.getLogger(TlsStackHttpServer.class);

    private final TlsStack.Choice choice;

    TlsStackHttpServer(EdgeConfig config, MeterRegistry registry) {
        choice = TlsStack.choose(config.tlsStack(), probe());
        LOG.infof("TLS stack %s (%s)", choice.stack().label(), choice.reason());
        Gauge.builder(METRIC, () -> 1).description("the TLS implementation of the HTTPS listener")
                .tag("stack", choice.stack().label()).strongReference(true).register(registry);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSslEngineOptions(choice.stack().engineOptions());
    }

    TlsStack stack() {
        return choice.stack();
    }

    private static TlsStack.NativeLibrary probe() {
        try {
            if (!OpenSsl.isAvailable()) {
                return TlsStack.NativeLibrary.missing(String.valueOf(OpenSsl.unavailabilityCause()));
            }
            return new TlsStack.NativeLibrary(true, OpenSsl.isAlpnSupported(), OpenSsl.versionString(), "");
        } catch (LinkageError e) {
            // the classes jar itself is missing or does not match the Netty on the class path
            return TlsStack.NativeLibrary.missing(e.toString());
        }
    }
}
