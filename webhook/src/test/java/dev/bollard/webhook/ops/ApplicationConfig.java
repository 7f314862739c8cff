package dev.bollard.webhook.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Path;

import dev.bollard.webhook.admission.AdmissionResource;

/**
 * What the packaged application serves, read from its own application.properties and JAX-RS
 * annotations, so manifest tests compare against the code rather than against copied literals.
 */
final class ApplicationConfig {
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}");

    private final Properties properties;

    private ApplicationConfig(Properties properties) {
        this.properties = properties;
    }

    static ApplicationConfig load() {
        Properties p = new Properties();
        try (InputStream in = ApplicationConfig.class.getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("read application.properties", e);
        }
        return new ApplicationConfig(p);
    }

    /** The production value: {@code ${ENV:default}} resolves to its default, as in a bare container. */
    String property(String key) {
        String raw = properties.getProperty(key);
        if (raw == null) {
            throw new AssertionError("application.properties has no " + key);
        }
        Matcher m = DEFAULTED.matcher(raw.trim());
        return m.matches() ? m.group(1) : raw.trim();
    }

    int httpsPort() {
        return Integer.parseInt(property("quarkus.http.ssl-port"));
    }

    long durationSeconds(String key) {
        return Duration.parse("PT" + property(key).toUpperCase()).toSeconds();
    }

    /** SmallRye Health under the non-application root; fails if either root was moved. */
    String healthPath(String check) {
        for (String moved : new String[] {"quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path",
                "quarkus.http.root-path"}) {
            if (properties.containsKey(moved)) {
                throw new AssertionError(moved + " is set; update the probe paths and this test together");
            }
        }
        return "/q/health/" + check;
    }

    /** The path AdmissionResource serves for {@code name}, from its @Path annotations. */
    String admissionPath(String name) {
        String root = AdmissionResource.class.getAnnotation(Path.class).value();
        Method method = Arrays.stream(AdmissionResource.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Path.class) && m.getAnnotation(Path.class).value().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("AdmissionResource serves no " + name));
        return (root.endsWith("/") ? root : root + "/") + method.getAnnotation(Path.class).value();
    }
}
