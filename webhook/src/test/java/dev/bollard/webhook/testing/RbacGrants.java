package dev.bollard.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The grants of {@code manifests/rbac.yaml}, one per verb of a rule: a ClusterRole's anywhere, a
 * Role's in its own namespace. Answers which grant allows a request, as the API server's RBAC
 * authorizer would.
 */
public record RbacGrants(List<Grant> grants) {

    /** One verb of one rule, with where it applies ({@code namespace} null: cluster-wide). */
    public record Grant(String role, String namespace, PolicyRule rule, String verb) {
        public boolean allows(ApiRequest request) {
            List<String> names = rule.getResourceNames() == null ? List.of() : rule.getResourceNames();
            return verb.equals(request.verb())
                    && (namespace == null || namespace.equals(request.namespace()))
                    && rule.getApiGroups().contains(request.group())
                    && rule.getResources().contains(request.resource())
                    && (names.isEmpty() || names.contains(request.name()));
        }

        @Override
        public String toString() {
            return role + ": " + verb + " " + rule.getApiGroups() + " " + rule.getResources()
                    + (rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? "" : " named " + rule.getResourceNames());
        }
    }

    /** {@code namespace}: where a Role without one is installed (kustomization.yaml's namespace). */
    public static RbacGrants read(Path rbacYaml, String namespace) {
        List<HasMetadata> objects;
        try {
            objects = new KubernetesSerialization().unmarshal(Files.readString(rbacYaml));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + rbacYaml, e);
        }
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof ClusterRole role) {
                add(grants, "ClusterRole/" + role.getMetadata().getName(), null, role.getRules());
            } else if (object instanceof Role role) {
                add(grants, "Role/" + role.getMetadata().getName(),
                        Optional.ofNullable(role.getMetadata().getNamespace()).orElse(namespace), role.getRules());
            }
        }
        return new RbacGrants(List.copyOf(grants));
    }

    private static void add(List<Grant> grants, String role, String namespace, List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            rule.getVerbs().forEach(verb -> grants.add(new Grant(role, namespace, rule, verb)));
        }
    }

    public Optional<Grant> allowing(ApiRequest request) {
        return grants.stream().filter(g -> g.allows(request)).findFirst();
    }
}
