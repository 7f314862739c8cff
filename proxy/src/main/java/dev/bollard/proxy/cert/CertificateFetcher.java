package dev.bollard.proxy.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * One issuance, start to finish: fresh key and CSR, current token and root, the CA call, the
 * chain checks, then the files. Nothing is written unless every check passed, so a failure
 * leaves the previous certificate (or no files) in place.
 */
public final class CertificateFetcher {
    private final AgentConfig config;
    private final CertificateClient client;
    private final CsrFactory csrs;
    private final CertificateFiles files;
    private final Clock clock;

    CertificateFetcher(AgentConfig config, CertificateClient client, CsrFactory csrs, Clock clock) {
        this.config = config;
        this.client = client;
        this.csrs = csrs;
        this.files = new CertificateFiles(config.outDir());
        this.clock = clock;
    }

    /** The real thing: system clock, HTTPS client, fresh keys from {@code random}. */
    public static CertificateFetcher of(AgentConfig config, Clock clock, SecureRandom random) {
        return new CertificateFetcher(config, new CertificateClient(clock), new CsrFactory(random), clock);
    }

    CertificateFiles files() {
        return files;
    }

    /**
     * @throws CaRequestException      the CA refused or could not be reached
     * @throws IllegalArgumentException a local input (token, root) or the CA's answer is unusable
     * @throws UncheckedIOException     a file could not be read or written
     */
    Credentials fetch() throws CaRequestException {
        Credentials credentials = issue();
        files.write(credentials);
        return credentials;
    }

    /** As {@link #fetch}, without writing the files: verified credentials, for memory first. */
    Credentials issue() throws CaRequestException {
        String token = readToken(config.tokenFile());
        TrustBundle trust = TrustBundle.load(config.rootCert());
        KeyAndCsr request = csrs.create();
        CaResponse response = client.request(config.certificatesEndpoint(), trust, token, request.csrPem(), config.validity());
        Instant received = clock.instant();
        Credentials credentials;
        try {
            credentials = ChainVerifier.verify(response, request.key(), trust, received);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CA " + config.certificatesEndpoint()
                    + " answered with a certificate chain we reject: " + e.getMessage(), e);
        }
        return credentials;
    }

    /** Re-read on every request: kubelet replaces the projected token well before it expires. */
    static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--token-file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("read --token-file " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("--token-file " + file + " is empty");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            // a header value with a newline or a space would be a different (or broken) header
            throw new IllegalArgumentException("--token-file " + file + " holds whitespace or non-ASCII inside the token");
        }
        return token;
    }
}
