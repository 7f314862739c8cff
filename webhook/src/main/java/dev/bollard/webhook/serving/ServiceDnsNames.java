package dev.bollard.webhook.serving;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The names the API server may dial for the webhook Service: it uses
 * {@code <service>.<namespace>.svc}; the others cover in-cluster clients and tooling.
 */
public final class ServiceDnsNames {
    private ServiceDnsNames() {
    }

    public static List<String> of(String service, String namespace, String clusterDomain, List<String> extra) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(service);
        names.add(service + "." + namespace);
        names.add(service + "." + namespace + ".svc");
        names.add(service + "." + namespace + ".svc." + clusterDomain);
        names.addAll(extra);
        return new ArrayList<>(names);
    }
}
