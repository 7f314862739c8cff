package dev.bollard.proxy.cert;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.TestPki;

/**
 * An in-test workload CA speaking the {@code POST /v1/certificates} contract over TLS. Its root,
 * serving pair and signing key are generated at start ({@link TestPki}), the root written to
 * {@code dir/root-cert.pem};
 * leaves are signed by an intermediate when asked, else by the root. Answers can be scripted.
 */
public final class FakeCa implements AutoCloseable {
    static final String SPIFFE_ID = "spiffe://cluster.local/ns/demo/sa/web";
    static final Duration BACKDATE = Duration.ofMinutes(1);
    static final String ROOT_CERT = "root-cert.pem";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    record Scripted(int status, String body, Map<String, String> headers) {
    }

    record Received(String authorization, Long validitySeconds) {
    }

    final Path dir;
    final X509Certificate root;
    private final PrivateKey rootKey;
    private final KeyPair intermediateKey;
    private final X509Certificate intermediate;
    private final boolean useIntermediate;
    private final HttpsServer server;
    public final Set<String> tokens = new CopyOnWriteArraySet<>();
    final Deque<Scripted> script = new ConcurrentLinkedDeque<>();
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    public FakeCa(Path dir, boolean useIntermediate) throws Exception {
        this.dir = Files.createDirectories(dir);
        TestPki.Ca ca = TestPki.root("root");
        this.root = ca.certificate();
        this.rootKey = ca.key();
        Files.writeString(dir.resolve(ROOT_CERT), Pem.encode(root));
        this.useIntermediate = useIntermediate;
        this.intermediateKey = newKey();
        this.intermediate = sign(new JcaX509v3CertificateBuilder(root, serial(), Date.from(Instant.now().minus(BACKDATE)),
                Date.from(Instant.now().plus(Duration.ofDays(30))), new X500Name("O=bollard-test,CN=intermediate"),
                intermediateKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), rootKey);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(servingContext(ca)));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/certificates", this::handle);
        server.start();
        tokens.add("token-1");
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public Path rootCertFile() {
        return dir.resolve(ROOT_CERT);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode request = JSON.readTree(body);
            received.add(new Received(authorization, request.hasNonNull("validitySeconds") ? request.get("validitySeconds").asLong() : null));
            Scripted next = script.poll();
            if (next != null) {
                next.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                send(exchange, next.status(), next.body());
            } else if (authorization == null || !tokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
                send(exchange, 401, "{\"error\":\"unauthorized\",\"message\":\"token rejected\"}");
            } else {
                Duration validity = Duration.ofSeconds(request.path("validitySeconds").asLong(3600));
                send(exchange, 200, answer(csrKey(request.path("csr").asText()), validity));
            }
        } catch (Exception e) {
            e.printStackTrace();
            send(exchange, 500, error("internal", String.valueOf(e)));
        } finally {
            exchange.close();
        }
    }

    /** A 200 body: leaf for {@code key}, then the intermediate when one is used, plus the root. */
    String answer(PublicKey key, Duration validity) throws Exception {
        X509Certificate issuer = useIntermediate ? intermediate : root;
        PrivateKey issuerKey = useIntermediate ? intermediateKey.getPrivate() : rootKey;
        X509Certificate leaf = leaf(key, validity, issuer, issuerKey);
        List<String> chain = new ArrayList<>(List.of(Pem.encode(List.of(leaf))));
        if (useIntermediate) {
            chain.add(Pem.encode(List.of(intermediate)));
        }
        return JSON.writeValueAsString(Map.of("certChain", chain, "rootCert", Pem.encode(List.of(root))));
    }

    static X509Certificate leaf(PublicKey key, Duration validity, X509Certificate issuer, PrivateKey issuerKey) throws Exception {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        return sign(new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), new X500Name(new RDN[0]), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, true,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, SPIFFE_ID)))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key)), issuerKey);
    }

    PublicKey csrKey(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getPublicKey()))) {
                throw new IllegalArgumentException("CSR signature does not verify");
            }
            return csr.getPublicKey();
        }
    }

    public X509Certificate root() {
        return root;
    }

    public PrivateKey rootKey() {
        return rootKey;
    }

    static KeyPair newKey() {
        return Keys.newP256();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }

    private static SSLContext servingContext(TestPki.Ca ca) throws Exception {
        KeyPair serving = Keys.newP256();
        PrivateKey key = serving.getPrivate();
        List<X509Certificate> chain = List.of(TestPki.serving(serving.getPublic(), ca), ca.certificate());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("serving", key, new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    static String error(String error, String message) {
        return "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    }

}
