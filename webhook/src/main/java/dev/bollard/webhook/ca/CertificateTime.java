package dev.bollard.webhook.ca;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.x509.Time;

/**
 * A validity bound as RFC 5280 4.1.2.5 encodes it: UTCTime through 2049, GeneralizedTime from
 * 2050, whole seconds, always Zulu. Built from the DER bytes: Bouncy Castle's {@code Time(Date)}
 * formats and then re-parses the text with a new {@code SimpleDateFormat} each time, which was
 * as costly as the ECDSA signature on the CA's hot path.
 */
final class CertificateTime {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");
    private static final int FIRST_GENERALIZED_YEAR = 2050;

    private CertificateTime() {
    }

    static Time of(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 1950 || utc.getYear() > 9999) {
            throw new IllegalArgumentException("certificate time " + instant + " is outside the years X.509 can encode");
        }
        boolean utcTime = utc.getYear() < FIRST_GENERALIZED_YEAR;
        byte[] text = (utcTime ? UTC_TIME : GENERALIZED_TIME).format(utc).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[text.length + 2];
        der[0] = (byte) (utcTime ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        try {
            return new Time(ASN1Primitive.fromByteArray(der));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("encode certificate time " + instant, e);
        }
    }
}
