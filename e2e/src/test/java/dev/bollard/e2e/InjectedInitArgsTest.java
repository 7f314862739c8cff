package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bollard.iptables.CaptureConfig;
import dev.bollard.iptables.CaptureFlags;
import dev.bollard.iptables.CapturePlan;
import dev.bollard.iptables.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The webhook's generated istio-init args and init-iptables' flags agree: every injected pod in
 * the injection golden files is parsed by the init-iptables parser itself, and renders rules.
 */
class InjectedInitArgsTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String INIT_CONTAINER = "istio-init";

    @Test
    void everyInjectedInitContainerParsesWithInitIptablesFlags() throws IOException {
        List<Path> checked = new ArrayList<>();
        for (Path golden : injectionGoldens()) {
            for (List<String> args : initArgs(YAML.readTree(golden.toFile()))) {
                CaptureConfig config = parse(golden, args);
                assertTrue(CapturePlan.text(config).contains("-A OUTPUT -j ISTIO_OUTPUT"), golden.toString());
                checked.add(golden);
            }
        }
        assertTrue(checked.size() >= 10, "injected pods with " + INIT_CONTAINER + ": " + checked);
    }

    @Test
    void trafficAnnotationsArriveAsTheConfigTheyAskFor() throws IOException {
        Path golden = Repo.testResources().resolve("golden/inject/11-traffic-annotations.yaml");
        CaptureConfig config = parse(golden, initArgs(YAML.readTree(golden.toFile())).get(0));
        assertEquals("8080,8081", config.includeInboundPorts().toString());
        assertEquals("10.96.0.0/12,10.244.0.0/16", config.includeOutboundIpRanges().toString());
        assertEquals(List.of(Cidr.parse("169.254.169.254/32"), Cidr.parse("fd00:10::/64")),
                config.excludeOutboundIpRanges());
        assertEquals(List.of("net1"), config.excludeInterfaces());
        assertTrue(config.excludeInboundPorts().containsAll(CaptureConfig.ALWAYS_EXCLUDED_INBOUND));
    }

    private static CaptureConfig parse(Path golden, List<String> args) {
        try {
            return CaptureFlags.parse(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new AssertionError(golden + ": init-iptables rejects the injected args " + args + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Path> injectionGoldens() throws IOException {
        try (Stream<Path> files = Files.list(Repo.testResources().resolve("golden/inject"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The args of every istio-init container anywhere in the document (pods and pod templates). */
    private static List<List<String>> initArgs(JsonNode node) {
        List<List<String>> found = new ArrayList<>();
        if (node.isObject() && INIT_CONTAINER.equals(node.path("name").asText()) && node.has("args")) {
            List<String> args = new ArrayList<>();
            node.get("args").forEach(a -> args.add(a.asText()));
            found.add(args);
        }
        node.forEach(child -> found.addAll(initArgs(child)));
        return found;
    }
}
