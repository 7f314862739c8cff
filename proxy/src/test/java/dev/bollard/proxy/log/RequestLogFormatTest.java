package dev.bollard.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.AuthzDecision.Verdict;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;

/** The request line, byte for byte: the decision, the deciding policy, shadow notes, and escaping of what a client sent. */
class RequestLogFormatTest {
    static final String PEER = "spiffe://cluster.local/ns/demo/sa/a";

    static RequestRecord record(String method, String path, String authority, int status, long in, long out,
                                Optional<AuthzDecision> decision) {
        return new RequestRecord(Instant.parse("2026-12-01T20:30:00.123Z"), Direction.INBOUND,
                ConnectionLogFormatTest.at("10.250.0.2", 41234), ConnectionLogFormatTest.at("10.250.0.3", 8080), Optional.of(PEER),
                Transport.MTLS, method, path, authority, status, in, out, 0, decision, Optional.empty());
    }

    @Test
    void aDeniedRequestNamesThePolicy() {
        assertEquals("2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=" + PEER + " mtls http"
                        + " method=GET path=/admin/x authority=b:8080 status=403 bytes_in=78 bytes_out=91 duration_ms=0"
                        + " rbac=deny rbac_policy=demo/deny-admin",
                RequestLogFormat.format(record("GET", "/admin/x", "b:8080", 403, 78, 91, Optional.of(
                        new AuthzDecision(Verdict.DENY, "demo/deny-admin", AuthzDecision.MATCHED_DENY, List.of())))));
    }

    @Test
    void noMatchingAllowGivesTheReasonAndShadowNotesFollow() {
        assertEquals("2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=" + PEER + " mtls http"
                        + " method=POST path=/ authority=- status=403 bytes_in=40 bytes_out=91 duration_ms=0"
                        + " rbac=deny rbac_policy=- rbac_reason=\"no ALLOW policy matched\" rbac_shadow=\"dry-run deny demo/x; audit demo/y\"",
                RequestLogFormat.format(record("POST", "/", "", 403, 40, 91, Optional.of(new AuthzDecision(Verdict.DENY, "",
                        "no ALLOW policy matched", List.of("dry-run deny demo/x", "audit demo/y"))))));
    }

    @Test
    void noPolicyNoDecisionAndClientBytesAreEscaped() {
        String expected = "2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=" + PEER + " mtls http"
                + " method=GET path=/a\\u0022b\\u005c authority=evil\\u0020host status=200 bytes_in=1 bytes_out=2 duration_ms=0";
        assertEquals(expected, RequestLogFormat.format(record("GET", "/a\"b\\", "evil host", 200, 1, 2, Optional.empty())));
        assertEquals(expected, RequestLogFormat.format(record("GET", "/a\"b\\", "evil host", 200, 1, 2,
                Optional.of(AuthzDecision.NO_POLICY))));
    }
}
