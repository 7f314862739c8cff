package dev.bollard.proxy.cert;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bollard cert}: the pod side of the workload CA. Runs without Quarkus ({@code java -cp}). */
@Command(name = "cert", mixinStandardHelpOptions = true,
        subcommands = {FetchCommand.class, WatchCommand.class},
        description = {
            "Workload certificates for a pod, from the Bollard CA (POST /v1/certificates).",
            "The key is generated here (ECDSA P-256) and never leaves the pod. The CA takes",
            "the identity, spiffe://<trust-domain>/ns/<namespace>/sa/<serviceaccount>, from",
            "the ServiceAccount token. Files written to --out, each replaced atomically:",
            "  key.pem         private key (PKCS#8), mode 0600",
            "  cert-chain.pem  leaf certificate, then intermediates",
            "  root-cert.pem   the root the chain verifies to",
            ""},
        footer = {"",
            "Examples:",
            "  bollard cert fetch --ca https://bollard.bollard-system.svc \\",
            "      --token-file /var/run/secrets/tokens/istio-token \\",
            "      --root-cert /var/run/secrets/istio/root-cert.pem --out /etc/istio/proxy",
            "  bollard cert watch ...same flags... --health-port 15021",
            "",
            "The CA's address: in a cluster, the Service on port 443,",
            "  --ca https://bollard.bollard-system.svc  (8443 is only the container's port);",
            "under `make run` on this machine, --ca https://127.0.0.1:8443.",
            "",
            "Exit status: 0 issued; 1 the CA refused or could not be reached (one line on",
            "stderr with the status and the CA's message); 2 bad flags."})
public final class CertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
