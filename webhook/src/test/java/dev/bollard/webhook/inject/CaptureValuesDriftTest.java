package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.iptables.CaptureConfig;
import dev.bollard.iptables.CaptureFlags;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Admission and {@code istio-init} cannot drift apart: for each annotation value, the pod is
 * admitted exactly when init-iptables' flag parser accepts the raw value in the flag the
 * annotation feeds, and an admitted pod's rendered init container args parse, meaning what the
 * raw value means. Drift here is a pod that passes admission and then crash-loops in
 * {@code istio-init} (or one denied for a value istio-init would have run with).
 */
class CaptureValuesDriftTest {

    /** The traffic annotations and the init-iptables flag each one becomes. */
    enum Annotated {
        INCLUDE_OUTBOUND_IP_RANGES(MeshAnnotations.INCLUDE_OUTBOUND_IP_RANGES, "--include-outbound-ip-ranges",
                c -> c.includeOutboundIpRanges().toString()),
        EXCLUDE_OUTBOUND_IP_RANGES(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "--exclude-outbound-ip-ranges",
                CaptureConfig::excludeOutboundIpRanges),
        INCLUDE_INBOUND_PORTS(MeshAnnotations.INCLUDE_INBOUND_PORTS, "--include-inbound-ports",
                c -> c.includeInboundPorts().toString()),
        // the proxy's own ports are added to the user's, so the rendered set holds the raw one
        EXCLUDE_INBOUND_PORTS(MeshAnnotations.EXCLUDE_INBOUND_PORTS, "--exclude-inbound-ports",
                c -> new HashSet<>(c.excludeInboundPorts())),
        EXCLUDE_OUTBOUND_PORTS(MeshAnnotations.EXCLUDE_OUTBOUND_PORTS, "--exclude-outbound-ports",
                CaptureConfig::excludeOutboundPorts),
        INCLUDE_OUTBOUND_PORTS(MeshAnnotations.INCLUDE_OUTBOUND_PORTS, "--include-outbound-ports",
                CaptureConfig::includeOutboundPorts),
        EXCLUDE_INTERFACES(MeshAnnotations.EXCLUDE_INTERFACES, "--exclude-interfaces", CaptureConfig::excludeInterfaces),
        KUBEVIRT_INTERFACES(MeshAnnotations.KUBEVIRT_INTERFACES, "--kube-virt-interfaces", CaptureConfig::rerouteInterfaces),
        REROUTE_VIRTUAL_INTERFACES(MeshAnnotations.REROUTE_VIRTUAL_INTERFACES, "--kube-virt-interfaces",
                CaptureConfig::rerouteInterfaces);

        final String annotation;
        final String flag;
        final Function<CaptureConfig, Object> meaning;

        Annotated(String annotation, String flag, Function<CaptureConfig, Object> meaning) {
            this.annotation = annotation;
            this.flag = flag;
            this.meaning = meaning;
        }
    }

    @ParameterizedTest(name = "{0}=\"{1}\"")
    @CsvSource(delimiter = '|', value = {
        // networks: the prefix length is required (Istio's injector), blanks around entries are not
        "INCLUDE_OUTBOUND_IP_RANGES | *",
        "INCLUDE_OUTBOUND_IP_RANGES | ''",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.96.0.0/12,10.244.0.0/16",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.0.0.1",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.0.0.1/32",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.1.2.3/8",
        "INCLUDE_OUTBOUND_IP_RANGES | '10.0.0.0/8, fd00::/8'",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.0.0.0/8,,10.1.0.0/16",
        "INCLUDE_OUTBOUND_IP_RANGES | 10.0.0.0/8,",
        "INCLUDE_OUTBOUND_IP_RANGES | *,10.0.0.0/8",
        "EXCLUDE_OUTBOUND_IP_RANGES | *",
        "EXCLUDE_OUTBOUND_IP_RANGES | 169.254.169.254/32,FD00:10::/64",
        "EXCLUDE_OUTBOUND_IP_RANGES | fd00::1",
        "EXCLUDE_OUTBOUND_IP_RANGES | 256.1.1.1/32",
        "EXCLUDE_OUTBOUND_IP_RANGES | example.com/32",
        "EXCLUDE_OUTBOUND_IP_RANGES | 10.0.0.0/33",
        "EXCLUDE_OUTBOUND_IP_RANGES | fd00::/129",
        "EXCLUDE_OUTBOUND_IP_RANGES | 10.0.0.0/",
        "EXCLUDE_OUTBOUND_IP_RANGES | 1.2.3/8",
        // ports: blanks ignored, empty entries refused, ranges kept (istio-iptables passes them on)
        "INCLUDE_INBOUND_PORTS | *",
        "INCLUDE_INBOUND_PORTS | ''",
        "INCLUDE_INBOUND_PORTS | ' 9000, 9001,9000'",
        "INCLUDE_INBOUND_PORTS | 8000-8999,80",
        "INCLUDE_INBOUND_PORTS | 8000:8999",
        "INCLUDE_INBOUND_PORTS | 90-80",
        "INCLUDE_INBOUND_PORTS | 65536",
        "INCLUDE_INBOUND_PORTS | 80,,90",
        "INCLUDE_INBOUND_PORTS | '80, 90,'",
        "INCLUDE_INBOUND_PORTS | *,80",
        "EXCLUDE_INBOUND_PORTS | 9901,15021",
        "EXCLUDE_INBOUND_PORTS | 0",
        "EXCLUDE_INBOUND_PORTS | *",
        "EXCLUDE_INBOUND_PORTS | 9000-9100",
        "EXCLUDE_OUTBOUND_PORTS | http",
        "EXCLUDE_OUTBOUND_PORTS | *",
        "EXCLUDE_OUTBOUND_PORTS | 22;23",
        "EXCLUDE_OUTBOUND_PORTS | 22,3306",
        "EXCLUDE_OUTBOUND_PORTS | -1",
        "EXCLUDE_OUTBOUND_PORTS | 100000",
        "INCLUDE_OUTBOUND_PORTS | *",
        "INCLUDE_OUTBOUND_PORTS | 443",
        "INCLUDE_OUTBOUND_PORTS | 443-444",
        // interfaces: Linux's rule (at most 15 bytes, not . or .., no / or blanks), + is a prefix match
        "EXCLUDE_INTERFACES | veth+",
        "EXCLUDE_INTERFACES | 'eth0 --flush'",
        "EXCLUDE_INTERFACES | eth0/1",
        "EXCLUDE_INTERFACES | _vm0",
        "EXCLUDE_INTERFACES | -eth0",
        "EXCLUDE_INTERFACES | ..",
        "EXCLUDE_INTERFACES | a23456789012345",
        "EXCLUDE_INTERFACES | a23456789012345x",
        "KUBEVIRT_INTERFACES | 'net1, net2'",
        "KUBEVIRT_INTERFACES | net1,,net2",
        "REROUTE_VIRTUAL_INTERFACES | net1;reboot",
        "REROUTE_VIRTUAL_INTERFACES | net1@if3",
    })
    void admissionAcceptsExactlyWhatInitIptablesRunsWith(Annotated annotated, String value) {
        Optional<CaptureConfig> flagParser = parsed(withFlag(initArgs(Injections.inject(Pods.web().build())),
                annotated.flag, value));
        Pod injected;
        try {
            injected = Injections.inject(Pods.withAnnotation(annotated.annotation, value));
        } catch (InvalidAnnotationException denied) {
            assertTrue(flagParser.isEmpty(), "admission denies what init-iptables accepts: " + denied.getMessage());
            assertTrue(denied.getMessage().contains(annotated.annotation), denied.getMessage());
            return;
        }
        assertTrue(flagParser.isPresent(), "admission accepts what init-iptables refuses in " + annotated.flag);
        CaptureConfig rendered = CaptureFlags.parse(initArgs(injected).toArray(String[]::new));
        Object meant = annotated.meaning.apply(flagParser.get());
        Object got = annotated.meaning.apply(rendered);
        if (annotated == Annotated.EXCLUDE_INBOUND_PORTS) {
            assertTrue(((HashSet<?>) got).containsAll((HashSet<?>) meant), got + " holds " + meant);
        } else {
            assertEquals(meant, got, "the rendered flag means what the annotation says");
        }
    }

    private static List<String> initArgs(Pod injected) {
        return Injections.initContainer(injected, "istio-init").getArgs();
    }

    /** The args with one flag's value replaced by {@code value} as written, or added if absent. */
    private static List<String> withFlag(List<String> args, String flag, String value) {
        List<String> out = new ArrayList<>();
        args.stream().filter(a -> !a.startsWith(flag + "=")).forEach(out::add);
        out.add(flag + "=" + value);
        return out;
    }

    private static Optional<CaptureConfig> parsed(List<String> args) {
        try {
            return Optional.of(CaptureFlags.parse(args.toArray(String[]::new)));
        } catch (IllegalArgumentException refused) {
            return Optional.empty();
        }
    }
}
