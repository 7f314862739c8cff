package dev.bollard.webhook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The JVMs fit their containers: what the options let the JVM reserve for heap, metaspace, JIT code
 * and direct buffers stays at or below three quarters of the memory limit, leaving the rest for
 * thread stacks, GC and JIT bookkeeping and malloc (README, "Memory", has the measured RSS).
 */
class MemoryBudgetTest {
    private static final double CAPPED_SHARE = 0.75;
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    @Test
    void webhookJvmFitsTheDeploymentsMemoryLimitAndRestsUnderItsRequest() throws IOException {
        Container c = webhook();
        long limit = mib(c.getResources().getLimits().get("memory"));
        long request = mib(c.getResources().getRequests().get("memory"));
        List<String> opts = options("webhook/jvm.options");
        assertTrue(opts.contains("-XX:+ExitOnOutOfMemoryError"), "an OOM restarts a clean JVM");
        double heap = limit * Double.parseDouble(flag(opts, "-XX:MaxRAMPercentage=")) / 100;
        double capped = heap + size(opts, "-XX:MaxMetaspaceSize=") + size(opts, "-XX:ReservedCodeCacheSize=")
                + size(opts, "-XX:MaxDirectMemorySize=");
        assertTrue(capped <= CAPPED_SHARE * limit, "heap+metaspace+code+direct " + capped + " MiB of a " + limit + " MiB limit");
        // the heap alone leaves half the request to metaspace, code, threads and malloc: the JVM
        // at rest and after load stays near the request (README, "Memory")
        assertTrue(heap <= request / 2.0, "heap " + heap + " MiB of a " + request + " MiB request");
        assertEquals("2", env(c, "MALLOC_ARENA_MAX"), "glibc: two malloc arenas, not 8 per CPU for ~200 worker threads");
    }

    @Test
    void webhookImageAndDeploymentRunTheOptionsFile() throws IOException {
        String dockerfile = Files.readString(RenderedManifests.repoRoot().resolve("webhook/Dockerfile"));
        assertTrue(dockerfile.contains("COPY jvm.options /app/jvm.options"), "webhook/Dockerfile copies webhook/jvm.options");
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"@/app/jvm.options\""), "the image's java reads it");
        Matcher m = Pattern.compile("ENV MALLOC_ARENA_MAX=\"?([^\"\n]*)\"?").matcher(dockerfile);
        assertTrue(m.find(), "webhook/Dockerfile sets MALLOC_ARENA_MAX");
        Container c = webhook();
        assertEquals(env(c, "MALLOC_ARENA_MAX"), m.group(1), "MALLOC_ARENA_MAX in webhook/Dockerfile and manifests/deployment.yaml");
        // a JAVA_TOOL_OPTIONS in the Deployment would be a second source of the options
        assertTrue(c.getEnv().stream().noneMatch(e -> "JAVA_TOOL_OPTIONS".equals(e.getName())), "no JAVA_TOOL_OPTIONS in the Deployment");
    }

    @Test
    void proxyJvmFitsTheInjectedProxysMemoryLimit() throws IOException {
        List<String> opts = options("proxy/jvm.options");
        double capped = size(opts, "-Xmx") + size(opts, "-XX:MaxMetaspaceSize=") + size(opts, "-XX:ReservedCodeCacheSize=")
                + size(opts, "-XX:MaxDirectMemorySize=");
        String values = dev.bollard.webhook.inject.SidecarSources.values(java.util.Optional.empty());
        @SuppressWarnings("unchecked")
        Map<String, Object> proxy = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(values).get("proxy");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) proxy.get("resources");
        long limit = mib(new Quantity(String.valueOf(resources.get("limits").get("memory"))));
        assertTrue(capped <= CAPPED_SHARE * limit, "proxy heap+metaspace+code+direct " + capped + " MiB of a " + limit + " MiB limit");
        // a fixed -Xmx, not a share of the limit: a pod that lowers sidecar.istio.io/proxyMemoryLimit
        // keeps the same JVM, so the floor for that annotation is the ceiling below plus headroom
        assertTrue(opts.stream().noneMatch(o -> o.startsWith("-XX:MaxRAMPercentage")), "the proxy heap is fixed");
        assertTrue(capped / CAPPED_SHARE <= 160, "proxy JVM ceiling " + capped + " MiB fits a 160Mi limit");
    }

    /** A java @argfile's options: whitespace-separated, # starts a comment. */
    private static List<String> options(String path) throws IOException {
        return Files.readAllLines(RenderedManifests.repoRoot().resolve(path)).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Container webhook() {
        Deployment d = RenderedManifests.render().one(Deployment.class, "bollard");
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the webhook container"));
    }

    private static String flag(List<String> opts, String prefix) {
        return opts.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("JVM option " + prefix + " is not set"));
    }

    /** A JVM size option in MiB. */
    private static double size(List<String> opts, String prefix) {
        Matcher m = SIZE.matcher(flag(opts, prefix));
        assertTrue(m.matches(), prefix);
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "g" -> n * 1024;
            case "m" -> n;
            case "k" -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }

    private static long mib(Quantity q) {
        return Quantity.getAmountInBytes(q).longValue() / (1024 * 1024);
    }
}
