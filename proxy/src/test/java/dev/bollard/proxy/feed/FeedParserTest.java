package dev.bollard.proxy.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.state.ServiceTarget;

public class FeedParserTest {
    /** The contract's example line. */
    public static final String SNAPSHOT = """
            {"type":"snapshot","version":"42","trustDomain":"cluster.local",\
            "workload":{"namespace":"demo","name":"a-0","serviceAccount":"a","identity":"spiffe://cluster.local/ns/demo/sa/a"},\
            "peerAuthentication":{"mode":"STRICT","portLevelMtls":{"8080":"PERMISSIVE"},"policy":"demo/default"},\
            "endpoints":[{"ip":"10.250.0.3","identity":"spiffe://cluster.local/ns/demo/sa/b","namespace":"demo","name":"b-0",\
            "tlsMode":"istio","peerAuthentication":{"mode":"PERMISSIVE","portLevelMtls":{},"policy":""}}]}""";

    @Test
    void parsesTheContractSnapshot() throws Exception {
        FeedMessage.Snapshot parsed = assertInstanceOf(FeedMessage.Snapshot.class, FeedParser.parse(SNAPSHOT));

        MeshSnapshot mesh = parsed.mesh();
        assertEquals("42", mesh.version());
        assertEquals(PeerAuthenticationMode.STRICT, mesh.self().mode());
        assertEquals(PeerAuthenticationMode.PERMISSIVE, mesh.self().modeFor(8080));
        assertEquals("demo/default", mesh.self().source());
        MeshEndpoint b = mesh.endpoint(InetAddress.getByName("10.250.0.3")).orElseThrow();
        assertEquals(SpiffeId.parse("spiffe://cluster.local/ns/demo/sa/b"), b.identity());
        assertEquals("demo/b-0", b.workload());
        assertEquals("a", parsed.workload().orElseThrow().serviceAccount());
        assertEquals("cluster.local", parsed.trustDomain().name());
    }

    @Test
    void aNullWorkloadIsAPodTheControlPlaneDoesNotKnowYet() {
        FeedMessage.Snapshot parsed = (FeedMessage.Snapshot) FeedParser.parse(SNAPSHOT.replaceFirst("\"workload\":\\{[^}]*\\}", "\"workload\":null"));

        assertTrue(parsed.workload().isEmpty());
    }

    @Test
    void parsesAHeartbeat() {
        assertInstanceOf(FeedMessage.Heartbeat.class, FeedParser.parse("{\"type\":\"heartbeat\"}"));
    }

    @Test
    void ignoresAnUnknownType() {
        assertEquals(new FeedMessage.Unknown("authorization"), FeedParser.parse("{\"type\":\"authorization\",\"rules\":[]}"));
    }

    @Test
    void skipsEndpointsThatAreNotMeshed() {
        FeedMessage.Snapshot parsed = (FeedMessage.Snapshot) FeedParser.parse(SNAPSHOT.replace("\"tlsMode\":\"istio\"", "\"tlsMode\":\"disabled\""));

        assertEquals(Map.of(), parsed.mesh().endpoints());
    }

    @Test
    void parsesIpv6Endpoints() throws Exception {
        FeedMessage.Snapshot parsed = (FeedMessage.Snapshot) FeedParser.parse(SNAPSHOT.replace("10.250.0.3", "fd00::3"));

        assertTrue(parsed.mesh().endpoint(InetAddress.getByName("fd00::3")).isPresent());
    }

    /** Each broken field is refused with a message that names it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad IP           | 10.250.0.3                              | 10.250.0.x                                  | endpoints[0].ip: '10.250.0.x' is not an IP address",
        "host name as IP  | 10.250.0.3                              | b.demo.svc                                  | endpoints[0].ip: 'b.demo.svc' is not an IP address",
        "bad SPIFFE ID    | spiffe://cluster.local/ns/demo/sa/b     | https://cluster.local/ns/demo/sa/b          | endpoints[0].identity: SPIFFE ID: scheme is missing or invalid",
        "bad mode         | \"mode\":\"STRICT\"                     | \"mode\":\"MUTUAL\"                         | peerAuthentication.mode: mTLS mode: 'MUTUAL' is not one of STRICT, PERMISSIVE, DISABLE",
        "UNSET mode       | \"mode\":\"PERMISSIVE\"                 | \"mode\":\"UNSET\"                          | endpoints[0].peerAuthentication.mode: mTLS mode: 'UNSET'",
        "port 0           | \"8080\":\"PERMISSIVE\"                 | \"0\":\"PERMISSIVE\"                        | peerAuthentication.portLevelMtls[0]: port 0 is not in 1-65535",
        "port too big     | \"8080\":\"PERMISSIVE\"                 | \"70000\":\"PERMISSIVE\"                    | peerAuthentication.portLevelMtls[70000]: port 70000 is not in 1-65535",
        "port not number  | \"8080\":\"PERMISSIVE\"                 | \"http\":\"PERMISSIVE\"                     | peerAuthentication.portLevelMtls[http]: port 'http' is not a number",
        "port bad mode    | \"8080\":\"PERMISSIVE\"                 | \"8080\":\"ON\"                             | peerAuthentication.portLevelMtls[8080]: mTLS mode: 'ON'",
        "no version       | \"version\":\"42\",                     | ''                                          | version: is missing",
        "bad trust domain | \"trustDomain\":\"cluster.local\"       | \"trustDomain\":\"Cluster.Local\"           | trustDomain: trust domain: character 'C'",
        "endpoints string | \"endpoints\":[                         | \"endpoints\":\"none\",\"x\":[                | endpoints: must be an array",
    })
    void refusesABrokenField(String name, String from, String to, String message) {
        String line = SNAPSHOT.replace(from, to);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedParser.parse(line));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesAnIpListedTwice() {
        String twice = SNAPSHOT.replace("}}]}", "}},{\"ip\":\"10.250.0.3\",\"identity\":\"spiffe://cluster.local/ns/demo/sa/c\","
                + "\"namespace\":\"demo\",\"name\":\"c-0\",\"tlsMode\":\"istio\",\"peerAuthentication\":{\"mode\":\"STRICT\"}}]}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedParser.parse(twice));

        assertEquals("endpoints[1].ip: 10.250.0.3 is listed twice", e.getMessage());
    }

    /** The contract's example plus the {@code services} field (demo/b on both address families, two endpoints). */
    static final String WITH_SERVICES = SNAPSHOT.substring(0, SNAPSHOT.length() - 1) + """
            ,"services":[{"namespace":"demo","name":"b","vips":["10.96.0.20","fd00:96::20"],\
            "ports":[{"port":80,"endpoints":[{"ip":"10.250.0.3","port":8080},{"ip":"10.250.0.9","port":8080}]}]}]}""";

    @Test
    void parsesServices() throws Exception {
        MeshSnapshot mesh = ((FeedMessage.Snapshot) FeedParser.parse(WITH_SERVICES)).mesh();

        ServiceTarget b = mesh.service(new InetSocketAddress(InetAddress.getByName("10.96.0.20"), 80)).orElseThrow();
        assertEquals("demo/b", b.name());
        assertEquals(List.of(new InetSocketAddress("10.250.0.3", 8080), new InetSocketAddress("10.250.0.9", 8080)), b.endpoints());
        assertEquals(b, mesh.service(new InetSocketAddress(InetAddress.getByName("fd00:96::20"), 80)).orElseThrow());
        assertTrue(mesh.service(new InetSocketAddress(InetAddress.getByName("10.96.0.20"), 443)).isEmpty());
    }

    @Test
    void aSnapshotWithoutServicesHasNone() {
        assertEquals(Map.of(), ((FeedMessage.Snapshot) FeedParser.parse(SNAPSHOT)).mesh().services());
    }

    /** A broken service entry refuses the whole line, naming the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "services not array | \"services\":[{              | \"services\":\"none\",\"x\":[{        | services: must be an array",
        "bad VIP            | \"10.96.0.20\"                | \"b.demo.svc\"                        | services[0].vips[0]: 'b.demo.svc' is not an IP address",
        "VIP not string     | \"10.96.0.20\"                | 42                                    | services[0].vips[0]: '42' is not an IP address",
        "vips missing       | \"vips\":                     | \"vip\":                              | services[0].vips: must be an array",
        "no name            | \"name\":\"b\",               | ''                                    | services[0].name: is missing",
        "port 0             | \"port\":80,                  | \"port\":0,                           | services[0].ports[0].port: 0 is not a port",
        "port as string     | \"port\":80,                  | \"port\":\"80\",                      | services[0].ports[0].port: \"80\" is not a port",
        "endpoint port big  | \"port\":8080}]               | \"port\":70000}]                      | services[0].ports[0].endpoints[1].port: 70000 is not a port",
        "endpoint bad IP    | \"ip\":\"10.250.0.9\"           | \"ip\":\"10.250.0.x\"                   | services[0].ports[0].endpoints[1].ip: '10.250.0.x' is not an IP address",
        "no endpoints       | [{\"ip\":\"10.250.0.3\",\"port\":8080},{\"ip\":\"10.250.0.9\",\"port\":8080}] | [] | services[0].ports[0].endpoints: must not be empty",
        "VIP listed twice   | \"fd00:96::20\"               | \"10.96.0.20\"                        | services[0].vips[1]: 10.96.0.20:80 is listed twice",
    })
    void refusesABrokenService(String name, String from, String to, String message) {
        String line = WITH_SERVICES.replace(from, to);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedParser.parse(line));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesLinesThatAreNotJsonObjects() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FeedParser.parse("{\"type\":\"snap")).getMessage()
                .startsWith("not JSON"));
        assertEquals("not a JSON object", assertThrows(IllegalArgumentException.class, () -> FeedParser.parse("[1]")).getMessage());
        assertEquals("type: is missing", assertThrows(IllegalArgumentException.class, () -> FeedParser.parse("{}")).getMessage());
    }
}
