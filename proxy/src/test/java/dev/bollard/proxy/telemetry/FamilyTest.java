package dev.bollard.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FamilyTest {
    private static Family<Counter> counter(int limit) {
        return new Family<>("requests_total", "Requests.", "counter", List.of("host", "code"), Counter::new, limit,
                Map.of("code", "all"));
    }

    @Test
    void oneSeriesPerDistinctLabelSetSortedInTheScrape() {
        Family<Counter> family = counter(10);
        family.get(List.of("b", "200")).increment();
        family.get(List.of("a", "200")).add(2);
        family.get(List.of("b", "200")).increment();

        StringBuilder out = new StringBuilder();
        family.write(out);

        assertEquals("""
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{host="a",code="200"} 2
                requests_total{host="b",code="200"} 2
                """, out.toString());
    }

    @Test
    void pastTheLimitNewLabelSetsFoldIntoTheOverflowSeriesAndAreCounted() {
        Family<Counter> family = counter(2);
        family.get(List.of("a", "200")).increment();
        family.get(List.of("b", "200")).increment();
        family.get(List.of("c", "200")).increment();
        family.get(List.of("d", "500")).add(5);
        family.get(List.of("a", "200")).increment(); // a known set still counts in its own series

        StringBuilder out = new StringBuilder();
        family.write(out);

        assertEquals(2, family.size());
        assertEquals(2, family.folded());
        assertTrue(out.toString().contains("requests_total{host=\"a\",code=\"200\"} 2\n"), out.toString());
        assertTrue(out.toString().endsWith("requests_total{host=\"overflow\",code=\"all\"} 6\n"), out.toString());
        assertSame(family.get(List.of("e", "1")), family.get(List.of("f", "2")));
    }

    @Test
    void labelValuesFromPeersAreEscaped() {
        assertEquals("{host=\"a\\\"b\\\\c\\nd\",code=\"}{,=\"}",
                Exposition.labels(List.of("host", "code"), List.of("a\"b\\c\nd", "}{,=")));
    }

    @Test
    void aWrongNumberOfLabelValuesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counter(2).get(List.of("a")));
        assertTrue(e.getMessage().contains("2 label values expected, got 1"), e.getMessage());
    }

    @Test
    void aLimitBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counter(0));
        assertTrue(e.getMessage().contains("series limit must be at least 1"), e.getMessage());
    }

    @Test
    void noSeriesNoLines() {
        StringBuilder out = new StringBuilder();
        counter(1).write(out);
        assertEquals("", out.toString());
    }

    @Test
    void histogramBucketsAreCumulativeAndInclusiveOfTheirBound() {
        Histogram histogram = new Histogram(List.of(1.0, 5.0));
        histogram.observe(0);
        histogram.observe(1);
        histogram.observe(3);
        histogram.observe(7.5);

        StringBuilder out = new StringBuilder();
        histogram.write(out, "d", "{x=\"y\"}");

        assertEquals("""
                d_bucket{x="y",le="1"} 2
                d_bucket{x="y",le="5"} 3
                d_bucket{x="y",le="+Inf"} 4
                d_sum{x="y"} 11.5
                d_count{x="y"} 4
                """, out.toString());
    }

    @Test
    void istioBucketsAreEnvoysDefaults() {
        assertEquals(19, Histogram.ISTIO_BUCKETS.size());
        assertEquals(0.5, Histogram.ISTIO_BUCKETS.get(0));
        assertEquals(3_600_000.0, Histogram.ISTIO_BUCKETS.get(18));
    }
}
