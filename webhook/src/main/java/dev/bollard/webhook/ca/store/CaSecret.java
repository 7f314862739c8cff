package dev.bollard.webhook.ca.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.InternalNames;

/**
 * The self-signed CA kept in a Secret (keys as Istio's istio-ca-secret: ca-cert.pem, ca-key.pem).
 * Create-if-absent: every replica generates a candidate and tries to create the Secret; the
 * API server lets exactly one create win (409 for the others), and everyone then reads the winner.
 */
final class CaSecret {
    static final String TYPE = "istio.io/ca-root";
    private static final Logger LOG = Logger.getLogger(CaSecret.class);

    private CaSecret() {
    }

    static CaBundle loadOrCreate(KubernetesClient client, String namespace, String name, Supplier<CaBundle> generate) {
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null) {
            return decode(existing);
        }
        CaBundle candidate = generate.get();
        try {
            client.secrets().inNamespace(namespace).resource(encode(namespace, name, candidate)).create();
            LOG.infof("created CA Secret %s/%s with a new root (serial %s, expires %s)", namespace, name,
                    candidate.root().getSerialNumber().toString(16), candidate.notAfter());
            return candidate;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // another replica created it between our get and create: use theirs
            Secret winner = client.secrets().inNamespace(namespace).withName(name).get();
            if (winner == null) {
                throw new IllegalStateException("CA Secret " + namespace + "/" + name + " was reported to exist but cannot be read", e);
            }
            LOG.infof("CA Secret %s/%s was created concurrently; using it", namespace, name);
            return decode(winner);
        }
    }

    static Secret encode(String namespace, String name, CaBundle bundle) {
        Map<String, String> data = new TreeMap<>();
        data.put(CaFiles.CA_CERT, base64(Pem.encode(bundle.certificate())));
        data.put(CaFiles.CA_KEY, base64(Pem.encode(bundle.key())));
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "bollard").endMetadata()
                .withType(TYPE).withData(data).build();
    }

    static CaBundle decode(Secret secret) {
        String where = "CA Secret " + secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        String keep = "; it is not replaced, since a new root would end trust with every workload:"
                + " restore it, or delete it to have a new root generated";
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String cert = data.get(CaFiles.CA_CERT);
        String key = data.get(CaFiles.CA_KEY);
        if (cert == null || key == null) {
            throw new IllegalStateException(where + " lacks " + CaFiles.CA_CERT + " or " + CaFiles.CA_KEY + keep);
        }
        try {
            return CaBundle.selfSigned(Pem.certificateHolder(unbase64(cert, CaFiles.CA_CERT), "Secret key " + CaFiles.CA_CERT),
                    Pem.privateKey(unbase64(key, CaFiles.CA_KEY), "Secret key " + CaFiles.CA_KEY)).verified();
        } catch (RuntimeException e) {
            // a decoder's own exception or a wrong block type; the key's own text never goes into the message: only which entry is wrong and how
            throw new IllegalStateException(where + " is corrupt: " + InternalNames.strip(e.getMessage()) + keep, e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unbase64(String text, String entry) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Secret key " + entry + " is not valid base64", e);
        }
    }
}
