package dev.bollard.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a policy's {@code paths} and {@code hosts} are matched against: each spelling of /admin is /admin. */
class RequestTargetTest {
    @ParameterizedTest(name = "{0} {1} -> {3} @ {4}")
    @CsvSource({
            "GET, /admin, b, /admin, b",
            "GET, /a/../admin, b, /admin, b",
            "GET, /a/./b/../../admin/, b, /admin/, b",
            "GET, /%2e%2e/admin, b, /admin, b",
            "GET, /%61dmin?q=/../x, b, /admin?q=/../x, b",
            "GET, /a%2fb, b, /a%2Fb, b",
            "GET, /a%2Fb/.., b, /, b",
            "GET, http://c:8080/admin?x=1, b, /admin?x=1, c:8080",
            "GET, http://c:8080, b, /, c:8080",
            "GET, http://c?x, b, /?x, c",
            "OPTIONS, *, b, *, b",
            "CONNECT, db:5432, db:5432, '', db:5432"})
    void normalizesAsIstiosBasePathNormalization(String method, String target, String host, String path, String authority)
            throws Exception {
        assertEquals(new RequestTarget(path, authority), RequestTarget.of(method, target, host));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/a%zz", "/a%2", "admin", "%2e%2e/admin"})
    void aPathThatCannotBeNormalizedIs400(String target) {
        assertEquals(400, assertThrows(MalformedHttpException.class, () -> RequestTarget.of("GET", target, "b")).status());
    }
}
