package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Envoy's uri_template as Istio's {*} and {**} reach it. */
class PathTemplateTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "/{*},              /a,           true",
            "/{*},              /,            false",
            "/{*},              /a/b,         false",
            "/a/{*}/c,          /a/b/c,       true",
            "/a/{*}/c,          /a/b/d,       false",
            "/a/{*}/{*},        /a/b/c,       true",
            "/{**},             /,            true",
            "/{**},             /x/y/z,       true",
            "/a/{**},           /a,           false",
            "/a/{**}/z.txt,     /a/b/c/z.txt, true",
            "/a/{**}/z.txt,     /a/z.txt,     false",
            "/a/{*},            /a/b%20c,     true",
            "/a/{*},            /a/b*c,       false",
            "/a/{**},           /a/b?c,       false",
    })
    void matches(String template, String path, boolean expected) {
        assertEquals(expected, PathTemplate.parse(template).matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/{*}", "/{**}/{*}", "/{**}/{**}", "/a{*}", "/a/{x}", "/a//{*}", "/a b/{*}"})
    void refusesWhatIstioValidationRefuses(String template) {
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse(template));
    }
}
