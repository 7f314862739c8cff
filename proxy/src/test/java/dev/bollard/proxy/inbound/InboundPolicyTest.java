package dev.bollard.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.inbound.InboundPolicy.Action;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;

class InboundPolicyTest {
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "STRICT,     MESH_MTLS, TERMINATE_MTLS",
            "STRICT,     PLAINTEXT, REFUSE",
            "STRICT,     TLS_OTHER, REFUSE",
            "STRICT,     NEED_MORE, REFUSE",
            "PERMISSIVE, MESH_MTLS, TERMINATE_MTLS",
            "PERMISSIVE, PLAINTEXT, PLAINTEXT",
            "PERMISSIVE, TLS_OTHER, PLAINTEXT",
            "PERMISSIVE, NEED_MORE, PLAINTEXT",
            "DISABLE,    MESH_MTLS, PLAINTEXT",
            "DISABLE,    PLAINTEXT, PLAINTEXT",
            "DISABLE,    NEED_MORE, PLAINTEXT",
    })
    void decide(PeerAuthenticationMode mode, Verdict verdict, Action expected) {
        assertEquals(expected, InboundPolicy.decide(mode, verdict));
    }

    @Test
    void onlyDisableSkipsTheSniff() {
        assertEquals(false, InboundPolicy.sniffs(PeerAuthenticationMode.DISABLE));
        assertEquals(true, InboundPolicy.sniffs(PeerAuthenticationMode.PERMISSIVE));
        assertEquals(true, InboundPolicy.sniffs(PeerAuthenticationMode.STRICT));
    }

    @Test
    void portLevelOverridesDecideThePort() {
        MtlsPolicy policy = new MtlsPolicy(PeerAuthenticationMode.STRICT, Map.of(8080, PeerAuthenticationMode.PERMISSIVE,
                9090, PeerAuthenticationMode.DISABLE), "demo/strict");
        assertEquals(Action.REFUSE, InboundPolicy.decide(policy.modeFor(80), Verdict.PLAINTEXT));
        assertEquals(Action.PLAINTEXT, InboundPolicy.decide(policy.modeFor(8080), Verdict.PLAINTEXT));
        assertEquals(Action.PLAINTEXT, InboundPolicy.decide(policy.modeFor(9090), Verdict.MESH_MTLS));
        assertEquals("plaintext connection refused by STRICT PeerAuthentication demo/strict", InboundPolicy.refusal(policy));
    }
}
