package dev.bollard.proxy.telemetry;

import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_ID;
import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_POD;
import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_VIP;
import static dev.bollard.proxy.telemetry.Fixtures.MESH;
import static dev.bollard.proxy.telemetry.Fixtures.SELF_APP;
import static dev.bollard.proxy.telemetry.Fixtures.SELF_ID;
import static dev.bollard.proxy.telemetry.Fixtures.address;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;

class IstioLabelsTest {
    private final IstioLabels labels = new IstioLabels(MetricsConfig.defaults(), "shop");
    private final ServiceIndex services = ServiceIndex.of(MESH);

    private static Map<String, String> tcp(ConnectionView view) {
        return named(IstioMetrics.TCP_LABELS, view.tcp("-"));
    }

    private static Map<String, String> named(List<String> names, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return map;
    }

    @Test
    void inboundMtlsReportsAsDestinationWithThePeerFromTheSnapshotAndBothPrincipals() {
        Map<String, String> l = tcp(labels.inbound(MESH, services, address("10.0.0.20", 40000), SELF_APP,
                Optional.of(CHECKOUT_ID), Transport.MTLS, Optional.of(SELF_ID)));

        assertEquals("destination", l.get("reporter"));
        assertEquals("checkout-v2", l.get("source_workload"));
        assertEquals(CHECKOUT_ID, l.get("source_principal"));
        assertEquals("Kubernetes", l.get("source_cluster"));
        assertEquals("storefront-v1", l.get("destination_workload"));
        assertEquals(SELF_ID, l.get("destination_principal"));
        assertEquals("storefront.shop.svc.cluster.local", l.get("destination_service"));
        assertEquals("storefront", l.get("destination_service_name"));
        assertEquals("mutual_tls", l.get("connection_security_policy"));
        assertEquals("tcp", l.get("request_protocol"));
    }

    @Test
    void inboundPlaintextHasNoPrincipalsAndPolicyNone() {
        Map<String, String> l = tcp(labels.inbound(MESH, services, address("10.0.0.20", 40000), SELF_APP, Optional.empty(),
                Transport.PLAINTEXT, Optional.of(SELF_ID)));

        assertEquals("checkout-v2", l.get("source_workload")); // the snapshot still knows the pod at that IP
        assertEquals("unknown", l.get("source_principal"));
        assertEquals("unknown", l.get("destination_principal"));
        assertEquals("none", l.get("connection_security_policy"));
    }

    @Test
    void inboundPeerWhoseCertificateIsNotTheListedIdentityIsKnownOnlyByItsCertificate() {
        String other = "spiffe://cluster.local/ns/billing/sa/intruder";
        Map<String, String> l = tcp(labels.inbound(MESH, services, address("10.0.0.20", 40000), SELF_APP, Optional.of(other),
                Transport.MTLS, Optional.of(SELF_ID)));

        assertEquals("unknown", l.get("source_workload"));
        assertEquals("billing", l.get("source_workload_namespace"));
        assertEquals(other, l.get("source_principal"));
        assertEquals("latest", l.get("source_canonical_revision"));
        assertEquals("unknown", l.get("source_cluster"));
    }

    @Test
    void inboundToAPortNoServiceListsUsesTheCanonicalServiceOrTheHost() {
        ConnectionView view = labels.inbound(MESH, services, address("10.0.0.20", 40000), address("10.0.0.10", 9090),
                Optional.empty(), Transport.PLAINTEXT, Optional.empty());

        assertEquals("storefront", tcp(view).get("destination_service"));
        Map<String, String> request = named(IstioMetrics.REQUEST_LABELS, view.request("admin.example", 200, "-"));
        assertEquals("admin.example", request.get("destination_service"));
        assertEquals("admin.example", request.get("destination_service_name"));
        assertEquals("shop", request.get("destination_service_namespace"));
    }

    @Test
    void outboundToAServiceReportsAsSourceWithTheDialledPodAndTheServiceHost() {
        Map<String, String> l = tcp(labels.outbound(MESH, CHECKOUT_VIP, Optional.of(CHECKOUT_POD), Optional.of("shop/checkout"),
                Optional.of(CHECKOUT_ID), Transport.MTLS, Optional.of(SELF_ID)));

        assertEquals("source", l.get("reporter"));
        assertEquals("storefront-v1", l.get("source_workload"));
        assertEquals(SELF_ID, l.get("source_principal"));
        assertEquals("checkout-v2", l.get("destination_workload"));
        assertEquals(CHECKOUT_ID, l.get("destination_principal"));
        assertEquals("checkout.shop.svc.cluster.local", l.get("destination_service"));
        assertEquals("checkout", l.get("destination_service_name"));
        assertEquals("shop", l.get("destination_service_namespace"));
        assertEquals("unknown", l.get("connection_security_policy"));
    }

    @Test
    void outboundToNoServiceIsPassthroughCluster() {
        ConnectionView view = labels.outbound(MESH, address("1.1.1.1", 443), Optional.empty(), Optional.empty(), Optional.empty(),
                Transport.PASSTHROUGH, Optional.of(SELF_ID));

        Map<String, String> l = tcp(view);
        assertEquals("unknown", l.get("source_principal")); // no mTLS: no local principal either
        assertEquals("unknown", l.get("destination_service"));
        assertEquals("PassthroughCluster", l.get("destination_service_name"));
        assertEquals("unknown", l.get("destination_workload"));
        Map<String, String> request = named(IstioMetrics.REQUEST_LABELS, view.request("example.com", 301, "-"));
        assertEquals("example.com", request.get("destination_service"));
        assertEquals("PassthroughCluster", request.get("destination_service_name"));
        assertEquals("301", request.get("response_code"));
        assertEquals("", request.get("grpc_response_status"));
    }

    @Test
    void withoutTelemetryLabelsThisWorkloadIsKnownByItsPodNamespace() {
        MeshSnapshot bare = new MeshSnapshot("1", MtlsPolicy.DEFAULT, Map.of());
        Map<String, String> l = tcp(labels.outbound(bare, address("1.1.1.1", 443), Optional.empty(), Optional.empty(),
                Optional.empty(), Transport.PASSTHROUGH, Optional.empty()));

        assertEquals("shop", l.get("source_workload_namespace"));
        assertEquals("unknown", l.get("source_workload"));
    }

    @Test
    void serviceHostsUseTheDomainSuffix() {
        IstioLabels other = new IstioLabels(new MetricsConfig(15090, 10, "east", "corp.internal"), "shop");
        assertEquals(new Destination("api.team.svc.corp.internal", "api", "team"), other.service("team/api"));
    }
}
