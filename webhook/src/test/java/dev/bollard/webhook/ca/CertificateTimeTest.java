package dev.bollard.webhook.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CertificateTimeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-12-02T17:30:05Z", "1999-12-31T23:59:59Z", "2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z",
            "2126-06-30T08:00:00Z"})
    void encodesAsBouncyCastleDoesFromADate(String when) throws Exception {
        Instant instant = Instant.parse(when);

        assertArrayEquals(new Time(Date.from(instant)).getEncoded(), CertificateTime.of(instant).getEncoded());
        assertEquals(Date.from(instant), CertificateTime.of(instant).getDate());
    }

    @Test
    void usesUtcTimeThrough2049AndGeneralizedTimeFrom2050() {
        assertInstanceOf(ASN1UTCTime.class, CertificateTime.of(Instant.parse("2049-12-31T23:59:59Z")).toASN1Primitive());
        assertInstanceOf(ASN1GeneralizedTime.class, CertificateTime.of(Instant.parse("2050-01-01T00:00:00Z")).toASN1Primitive());
    }

    @Test
    void dropsFractionsOfASecond() {
        assertEquals(Date.from(Instant.parse("2030-01-01T00:00:00Z")), CertificateTime.of(Instant.parse("2030-01-01T00:00:00.999Z")).getDate());
    }

    @Test
    void refusesYearsX509CannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> CertificateTime.of(Instant.parse("1949-12-31T23:59:59Z")));
    }
}
