package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class CaptureSettingsTest {
    private static final MeshValues.Proxy PROXY = Pods.values().proxy();

    private static CaptureSettings of(Pod pod) {
        return CaptureSettings.of(pod, PROXY, ProxyStatus.of(pod, PROXY));
    }

    private static String denial(String annotation, String value) {
        return assertThrows(InvalidAnnotationException.class, () -> of(Pods.withAnnotation(annotation, value))).getMessage();
    }

    @Test
    void capturesEveryInboundPortAndAllOutboundByDefaultAsIstio() {
        CaptureSettings capture = of(Pods.web().build());
        assertEquals("*", capture.includeInboundPorts());
        assertEquals("15090,15021,15020", capture.excludeInboundPorts());
        assertEquals("*", capture.includeOutboundIpRanges());
        assertEquals("", capture.excludeOutboundIpRanges());
        assertEquals("", capture.excludeOutboundPorts());
        assertEquals("", capture.rerouteInterfaces());
    }

    @Test
    void annotationNarrowsInboundCapture() {
        assertEquals("9000,9001", of(Pods.withAnnotation(MeshAnnotations.INCLUDE_INBOUND_PORTS, " 9000, 9001,9000")).includeInboundPorts());
        assertEquals("", of(Pods.withAnnotation(MeshAnnotations.INCLUDE_INBOUND_PORTS, "")).includeInboundPorts());
    }

    @Test
    void theStatusPortAnnotationReplacesTheDefaultStatusPortInTheExclusions() {
        assertEquals("15090,15021,123", of(Pods.withAnnotation(MeshAnnotations.STATUS_PORT, "123")).excludeInboundPorts());
        assertEquals("15090,15021", of(Pods.withAnnotation(MeshAnnotations.STATUS_PORT, "0")).excludeInboundPorts());
    }

    @Test
    void meshWideValuesAreTheDefaultsAndAnnotationsReplaceThem() {
        MeshValues.Proxy p = PROXY;
        MeshValues.Proxy mesh = new MeshValues.Proxy(p.uid(), p.gid(), p.outboundPort(), p.inboundPort(), p.agentPort(),
                p.healthPort(), p.metricsPort(), p.ipv6(), p.initContainerPosition(), p.resources(), p.initResources(),
                "8080", "9000", "10.0.0.0/8", "10.96.0.0/12", "443", "22", null, null);
        Pod plain = Pods.web().build();
        CaptureSettings capture = CaptureSettings.of(plain, mesh, ProxyStatus.of(plain, mesh));
        assertEquals("8080", capture.includeInboundPorts());
        assertEquals("15090,15021,15020,9000", capture.excludeInboundPorts());
        assertEquals("10.0.0.0/8", capture.includeOutboundIpRanges());
        assertEquals("10.96.0.0/12", capture.excludeOutboundIpRanges());
        assertEquals("443", capture.includeOutboundPorts());
        assertEquals("22", capture.excludeOutboundPorts());
        Pod annotated = Pods.withAnnotation(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "");
        assertEquals("", CaptureSettings.of(annotated, mesh, ProxyStatus.of(annotated, mesh)).excludeOutboundIpRanges());
    }

    @Test
    void virtualInterfacesComeFromEitherAnnotationTheNewerWinning() {
        assertEquals("net1,net2", of(Pods.withAnnotation(MeshAnnotations.KUBEVIRT_INTERFACES, "net1, net2")).rerouteInterfaces());
        Pod both = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.KUBEVIRT_INTERFACES, "net1")
                .addToAnnotations(MeshAnnotations.REROUTE_VIRTUAL_INTERFACES, "net9").endMetadata().build();
        assertEquals("net9", of(both).rerouteInterfaces());
        assertTrue(denial(MeshAnnotations.REROUTE_VIRTUAL_INTERFACES, "net1;reboot").contains("istio.io/reroute-virtual-interfaces"));
    }

    @Test
    void userExclusionsAddToTheProxysOwnPorts() {
        assertEquals("15090,15021,15020,9901",
                of(Pods.withAnnotation(MeshAnnotations.EXCLUDE_INBOUND_PORTS, "9901,15021")).excludeInboundPorts());
    }

    @Test
    void deniesAPortNameWhereANumberIsRequired() {
        String message = denial(MeshAnnotations.EXCLUDE_OUTBOUND_PORTS, "http");
        assertTrue(message.contains("traffic.sidecar.istio.io/excludeOutboundPorts"), message);
        assertTrue(message.contains("\"http\" is not a port number"), message);
    }

    @Test
    void deniesPortZeroAndPortsAboveRange() {
        assertTrue(denial(MeshAnnotations.EXCLUDE_INBOUND_PORTS, "0").contains("outside 1-65535"));
        assertTrue(denial(MeshAnnotations.INCLUDE_INBOUND_PORTS, "65536").contains("outside 1-65535"));
    }

    @Test
    void deniesWildcardWhereOnlyAListMakesSense() {
        assertTrue(denial(MeshAnnotations.EXCLUDE_OUTBOUND_PORTS, "*").contains("\"*\" is not allowed"));
    }

    @Test
    void acceptsIpv4AndIpv6Cidrs() {
        assertEquals("10.0.0.0/8,fd00::/8",
                of(Pods.withAnnotation(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "10.0.0.0/8, FD00::/8")).excludeOutboundIpRanges());
    }

    @Test
    void deniesAnAddressWithoutPrefixSuggestingOne() {
        String message = denial(MeshAnnotations.INCLUDE_OUTBOUND_IP_RANGES, "10.0.0.1");
        assertTrue(message.contains("includeOutboundIPRanges"), message);
        assertTrue(message.contains("did you mean 10.0.0.1/32"), message);
    }

    @Test
    void deniesMalformedCidrsWithoutLookingThemUp() {
        assertTrue(denial(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "256.1.1.1/32").contains("not an IP address"));
        assertTrue(denial(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "example.com/32").contains("not an IP address"));
        assertTrue(denial(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "10.0.0.0/33").contains("outside 0-32"));
    }

    @Test
    void deniesAnEmptyEntryAsIstiosInjectorDoes() {
        // Istio's parsePorts splits on "," and ParseUint("") fails; init-iptables refuses it too
        String message = denial(MeshAnnotations.EXCLUDE_INBOUND_PORTS, "80,,90");
        assertTrue(message.contains("excludeInboundPorts") && message.contains("empty entry"), message);
        assertTrue(denial(MeshAnnotations.INCLUDE_INBOUND_PORTS, "80, 90,").contains("empty entry"));
    }

    @Test
    void acceptsPortRangesAsInitIptablesRunsThem() {
        assertEquals("8000:8999,80", of(Pods.withAnnotation(MeshAnnotations.INCLUDE_INBOUND_PORTS, "8000-8999,80")).includeInboundPorts());
        assertEquals("15090,15021,15020,9000:9100",
                of(Pods.withAnnotation(MeshAnnotations.EXCLUDE_INBOUND_PORTS, "9000-9100")).excludeInboundPorts());
        assertTrue(denial(MeshAnnotations.EXCLUDE_OUTBOUND_PORTS, "90-80").contains("port range 90-80 ends before it starts"));
    }

    @Test
    void passesNetworksOnAsWrittenAsIstioDoes() {
        // istio-init (and iptables) clear the host bits; Istio's injector renders the annotation as it is
        assertEquals("10.1.2.3/8,10.96.0.2/24,10.96.0.3/24", of(Pods.withAnnotation(MeshAnnotations.INCLUDE_OUTBOUND_IP_RANGES,
                " 10.1.2.3/8, 10.96.0.2/24,10.96.0.3/24,10.1.2.3/8")).includeOutboundIpRanges());
    }

    @Test
    void includeOutboundPortsTakesOnlyAList() {
        assertTrue(denial(MeshAnnotations.INCLUDE_OUTBOUND_PORTS, "*").contains("includeOutboundPorts"));
    }

    @Test
    void anIpv6RangeTurnsOnIpv6Capture() {
        assertTrue(of(Pods.withAnnotation(MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, "fd00::/8")).ipv6());
        assertTrue(!of(Pods.web().build()).ipv6());
    }

    @Test
    void acceptsIptablesInterfacePrefixes() {
        assertEquals("veth+", of(Pods.withAnnotation(MeshAnnotations.EXCLUDE_INTERFACES, "veth+")).excludeInterfaces());
    }

    @Test
    void aNullAnnotationValueCountsAsUnset() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.EXCLUDE_OUTBOUND_PORTS, null).endMetadata().build();
        assertEquals("", of(pod).excludeOutboundPorts());
    }

    @Test
    void deniesInterfaceNamesLinuxWouldRefuse() {
        assertTrue(denial(MeshAnnotations.EXCLUDE_INTERFACES, "eth0 --flush").contains("not a network interface name"));
    }
}
