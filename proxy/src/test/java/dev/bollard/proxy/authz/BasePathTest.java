package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Istio's BASE path normalization, the rows of its "Authorization Policy Normalization" page. */
class BasePathTest {
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            keeps a plain path                          | /a/b          | /a/b
            drops the query                             | /a?b=/c       | /a
            drops the fragment                          | /a#x          | /a
            decodes unreserved letters and digits       | /%61%62%63/%31 | /abc/1
            decodes - . _ ~ in any case                 | /%2d%2E%5f%7E | /-._~
            keeps an encoded slash (not DECODE_AND_MERGE_SLASHES) | /some%2fdata | /some%2Fdata
            keeps an encoded backslash                  | /a%5cb        | /a%5Cb
            upper-cases the hex of other escapes        | /a%3fb        | /a%3Fb
            turns a backslash into a slash              | /some\\data   | /some/data
            resolves . and ..                           | /public/./data/abc/../xyz | /public/data/xyz
            resolves encoded dots                       | /a/%2e%2e/b   | /b
            never goes above the root                   | /../../a      | /a
            keeps a trailing slash after ..             | /a/b/..       | /a/
            keeps repeated slashes (not MERGE_SLASHES)  | /a//b         | /a//b
            reduces an absolute-form target to its path | http://h:80/x/../y?q | /y
            an absolute-form target without a path is / | http://h      | /
            leaves * alone                              | *             | *
            leaves a malformed escape alone             | /a%zz         | /a%zz
            """)
    void normalizes(String behaviour, String target, String expected) {
        assertEquals(expected, BasePath.normalize(target));
    }
}
