package dev.bollard.webhook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/** Renders manifests/ with the real kubectl and checks every install property the issue names. */
class ManifestsTest {
    private static final String NS = "bollard-system";
    private static final String SIDECAR_CONFIGMAP = "bollard-sidecar-injector";
    private static RenderedManifests manifests;
    private static ApplicationConfig app;

    @BeforeAll
    static void render() {
        manifests = RenderedManifests.render();
        app = ApplicationConfig.load();
    }

    @Test
    void installSetHasEveryObjectAndOnlyThoseObjects() {
        Set<String> names = manifests.all().stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of(
                "ClusterRole/bollard", "ClusterRoleBinding/bollard",
                "ConfigMap/" + SIDECAR_CONFIGMAP, "CustomResourceDefinition/authorizationpolicies.security.istio.io",
                "CustomResourceDefinition/peerauthentications.security.istio.io",
                "Deployment/bollard", "MutatingWebhookConfiguration/" + OpsConfig.INJECTOR_CONFIGURATION,
                "Namespace/" + NS, "PodDisruptionBudget/bollard", "Role/bollard", "RoleBinding/bollard",
                "Service/bollard", "ServiceAccount/bollard",
                "ValidatingWebhookConfiguration/" + OpsConfig.VALIDATOR_CONFIGURATION)), names);
    }

    @Test
    void namespacedObjectsLiveInBollardSystem() {
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
        for (HasMetadata o : manifests.all()) {
            String expected = clusterScoped.contains(o.getKind()) ? null : NS;
            assertEquals(expected, o.getMetadata().getNamespace(), o.getKind() + "/" + o.getMetadata().getName());
        }
    }

    @Test
    void ownNamespaceIsNeverLabelledForInjection() {
        Namespace ns = manifests.one(Namespace.class, NS);
        Map<String, String> labels = ns.getMetadata().getLabels();
        assertNotEquals("enabled", labels.get("istio-injection"));
        assertFalse(labels.containsKey("istio.io/rev"), "revision label would select the namespace for injection");
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/enforce"));
    }

    /**
     * No wildcard and no grant twice; what the roles grant is checked against the requests the code
     * makes, both ways, by ops/RbacFromRequestsTest (a hand-copied list here let an unused grant through).
     */
    @Test
    void rolesNameEveryGroupResourceAndVerbOnce() {
        assertFalse(grants(manifests.one(ClusterRole.class, "bollard").getRules()).isEmpty());
        Role role = manifests.one(Role.class, "bollard");
        assertEquals(NS, role.getMetadata().getNamespace());
        assertFalse(grants(role.getRules()).isEmpty());
    }

    @Test
    void bindingsGiveTheRolesToTheBollardServiceAccountOnly() {
        ClusterRoleBinding crb = manifests.one(ClusterRoleBinding.class, "bollard");
        RoleBinding rb = manifests.one(RoleBinding.class, "bollard");
        assertEquals("ClusterRole/bollard", crb.getRoleRef().getKind() + "/" + crb.getRoleRef().getName());
        assertEquals("Role/bollard", rb.getRoleRef().getKind() + "/" + rb.getRoleRef().getName());
        for (List<Subject> subjects : List.of(crb.getSubjects(), rb.getSubjects())) {
            assertEquals(1, subjects.size());
            assertEquals("ServiceAccount/bollard-system/bollard",
                    subjects.get(0).getKind() + "/" + subjects.get(0).getNamespace() + "/" + subjects.get(0).getName());
        }
        manifests.one(ServiceAccount.class, "bollard");
        assertEquals("bollard", deployment().getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void deploymentRunsTwoReplicasSpreadOverNodesAsAPreference() {
        Deployment d = deployment();
        assertEquals(2, d.getSpec().getReplicas());
        assertTrue(Selectors.matches(d.getSpec().getSelector(), podLabels()));
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        var spread = pod.getTopologySpreadConstraints();
        assertEquals(1, spread.size());
        assertEquals("kubernetes.io/hostname", spread.get(0).getTopologyKey());
        assertEquals("ScheduleAnyway", spread.get(0).getWhenUnsatisfiable(), "a hard spread blocks a one-node cluster");
        assertEquals(List.of("pod-template-hash"), spread.get(0).getMatchLabelKeys(), "spread each revision by itself");
        assertTrue(Selectors.matches(spread.get(0).getLabelSelector(), podLabels()));
        var antiAffinity = pod.getAffinity().getPodAntiAffinity();
        assertTrue(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty(),
                "required anti-affinity leaves the surge pod Pending on two nodes");
        var preferred = antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        assertEquals(1, preferred.size());
        assertTrue(Selectors.matches(preferred.get(0).getPodAffinityTerm().getLabelSelector(), podLabels()));
    }

    @Test
    void rolloutKeepsBothReplicasServingAndFinishesOnTwoNodesAndOnOne() {
        var rolling = deployment().getSpec().getStrategy().getRollingUpdate();
        assertEquals(0, rolling.getMaxUnavailable().getIntVal(), "both replicas serve through a rollout");
        for (int nodes : List.of(1, 2, 3)) {
            RolloutSimulation.Outcome out = RolloutSimulation.rollOut(deployment(), nodes);
            assertTrue(out.finished(), out.reason());
        }
        assertEquals(List.of(0, 1), RolloutSimulation.rollOut(deployment(), 2).newPodNodes(),
                "on two nodes the new replicas end on different nodes");
    }

    @Test
    void rolloutSimulationCatchesTheRequiredAntiAffinityDeadlock() {
        Deployment strict = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment()).editSpec().editTemplate()
                .editSpec().withTopologySpreadConstraints().editAffinity().editPodAntiAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(podLabels()).endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity().endSpec().endTemplate().endSpec().build();
        RolloutSimulation.Outcome two = RolloutSimulation.rollOut(strict, 2);
        assertFalse(two.finished());
        assertTrue(two.reason().contains("rollout stuck on 2 node(s)"), two.reason());
        assertTrue(RolloutSimulation.rollOut(strict, 1).reason().contains("first install"));
        assertTrue(RolloutSimulation.rollOut(strict, 3).finished());
    }

    @Test
    void podDisruptionBudgetAllowsADrainOfOneReplica() {
        PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class, "bollard");
        assertNull(pdb.getSpec().getMaxUnavailable());
        assertTrue(Selectors.matches(pdb.getSpec().getSelector(), podLabels()));
        int replicas = deployment().getSpec().getReplicas();
        int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
        assertEquals(1, minAvailable, "one replica keeps admitting pods during a drain");
        assertEquals(1, replicas - minAvailable, "disruptions allowed with every replica healthy");
    }

    @Test
    void containerIsRestricted() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertNull(pod.getHostNetwork());
        for (Container c : pod.getContainers()) {
            SecurityContext sc = c.getSecurityContext();
            assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), c.getName());
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), c.getName());
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), c.getName());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), c.getName());
            assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), c.getName());
            assertNull(sc.getPrivileged(), c.getName());
        }
    }

    @Test
    void containerHasRequestsAndLimits() {
        Container c = container();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(c.getResources().getRequests().get(resource), "request " + resource);
            assertNotNull(c.getResources().getLimits().get(resource), "limit " + resource);
        }
    }

    @Test
    void probesHitSmallRyeHealthOverHttpsOnTheServingPort() {
        Container c = container();
        assertProbe(c.getStartupProbe(), app.healthPath("started"));
        assertProbe(c.getReadinessProbe(), app.healthPath("ready"));
        assertProbe(c.getLivenessProbe(), app.healthPath("live"));
    }

    @Test
    void containerPortIsTheConfiguredHttpsPort() {
        ContainerPort port = httpsPort();
        assertEquals(app.httpsPort(), port.getContainerPort());
        assertEquals("TCP", port.getProtocol());
    }

    @Test
    void podNamespaceComesFromTheDownwardApi() {
        EnvVar env = container().getEnv().stream().filter(e -> "POD_NAMESPACE".equals(e.getName())).findFirst().orElseThrow();
        assertEquals("metadata.namespace", env.getValueFrom().getFieldRef().getFieldPath());
    }

    @Test
    void deploymentSwitchesOnJsonLogs() {
        EnvVar env = container().getEnv().stream()
                .filter(e -> "QUARKUS_LOG_CONSOLE_JSON_ENABLED".equals(e.getName())).findFirst().orElseThrow();
        assertEquals("true", env.getValue());
        assertEquals("false", app.property("quarkus.log.console.json.enabled"), "JSON logs are off outside the cluster");
    }

    @Test
    void terminationGraceOutlastsShutdownDelayAndTimeout() {
        long grace = deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long needed = app.durationSeconds("quarkus.shutdown.delay") + app.durationSeconds("quarkus.shutdown.timeout");
        assertEquals("true", app.property("quarkus.shutdown.delay-enabled"));
        assertTrue(grace > needed, "terminationGracePeriodSeconds " + grace + " must exceed " + needed);
    }

    @Test
    void userProvidedServingSecretIsOptionalAndMountedWhereTheAppLooks() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        var volume = pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null && OpsConfig.SERVING_SECRET.equals(v.getSecret().getSecretName()))
                .findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, volume.getSecret().getOptional());
        var mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        assertEquals(mount.getMountPath() + "/tls.crt", app.property("bollard.ops.serving.cert-file"));
        assertEquals(mount.getMountPath() + "/tls.key", app.property("bollard.ops.serving.key-file"));
        assertTrue(container().getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                "read-only root filesystem needs a writable /tmp");
    }

    @Test
    void pluginCaSecretIsOptionalAndMountedWhereTheCaLooks() throws NoSuchMethodException {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        var volume = pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null && "cacerts".equals(v.getSecret().getSecretName())).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, volume.getSecret().getOptional());
        var mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        String caDefault = dev.bollard.webhook.ca.CaConfig.class.getMethod("cacertsDir")
                .getAnnotation(io.smallrye.config.WithDefault.class).value();
        assertEquals(caDefault, mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
    }

    @Test
    void serviceSendsPort443ToTheHttpsContainerPort() {
        Service svc = manifests.one(Service.class, OpsConfig.SERVICE_NAME);
        assertEquals(1, svc.getSpec().getPorts().size());
        ServicePort port = svc.getSpec().getPorts().get(0);
        assertEquals(443, port.getPort());
        String target = port.getTargetPort().getStrVal();
        assertEquals(httpsPort().getName(), target);
        assertTrue(Selectors.matches(new io.fabric8.kubernetes.api.model.LabelSelector(null, svc.getSpec().getSelector()),
                podLabels()));
    }

    @Test
    void injectorHasTheFourIstioCompatibleEntries() {
        MutatingWebhookConfiguration cfg = manifests.one(MutatingWebhookConfiguration.class, OpsConfig.INJECTOR_CONFIGURATION);
        assertEquals(List.of("namespace.sidecar-injector.bollard.dev", "object.sidecar-injector.bollard.dev",
                        "rev.namespace.sidecar-injector.bollard.dev", "rev.object.sidecar-injector.bollard.dev"),
                cfg.getWebhooks().stream().map(MutatingWebhook::getName).toList());
        for (MutatingWebhook w : cfg.getWebhooks()) {
            assertEquals("None", w.getSideEffects(), w.getName());
            assertEquals("Fail", w.getFailurePolicy(), w.getName());
            assertEquals(10, w.getTimeoutSeconds(), w.getName());
            assertEquals("IfNeeded", w.getReinvocationPolicy(), w.getName());
            assertEquals(List.of("v1"), w.getAdmissionReviewVersions(), w.getName());
            assertEquals(1, w.getRules().size(), w.getName());
            RuleWithOperations rule = w.getRules().get(0);
            assertEquals(List.of("CREATE"), rule.getOperations());
            assertEquals(List.of(""), rule.getApiGroups());
            assertEquals(List.of("v1"), rule.getApiVersions());
            assertEquals(List.of("pods"), rule.getResources());
            assertServiceReference(w.getClientConfig().getService(), app.admissionPath("inject"));
            assertNull(w.getClientConfig().getCaBundle(), "caBundle is written at run time by the patcher");
        }
    }

    @Test
    void namespaceEntrySelectsOptedInNamespacesUnlessThePodOptsOut() {
        MutatingWebhook w = injector(0);
        Map<String, String> enabled = Map.of("istio-injection", "enabled");
        assertTrue(Selectors.reaches(w, "shop", enabled, Map.of()));
        assertTrue(Selectors.reaches(w, "shop", enabled, Map.of("sidecar.istio.io/inject", "true")));
        assertFalse(Selectors.reaches(w, "shop", enabled, Map.of("sidecar.istio.io/inject", "false")));
        assertFalse(Selectors.reaches(w, "shop", Map.of("istio-injection", "disabled"), Map.of()));
        assertFalse(Selectors.reaches(w, "shop", Map.of(), Map.of()));
    }

    @Test
    void objectEntrySelectsOptedInPodsWhereTheNamespaceIsSilent() {
        MutatingWebhook w = injector(1);
        Map<String, String> optIn = Map.of("sidecar.istio.io/inject", "true");
        assertTrue(Selectors.reaches(w, "shop", nsLabels("shop"), optIn));
        assertFalse(Selectors.reaches(w, "shop", nsLabels("shop"), Map.of()));
        assertFalse(Selectors.reaches(w, "shop", Map.of("istio-injection", "disabled", "kubernetes.io/metadata.name", "shop"),
                optIn), "a namespace that says disabled wins");
        assertFalse(Selectors.reaches(w, "shop", Map.of("istio-injection", "enabled", "kubernetes.io/metadata.name", "shop"),
                optIn), "the namespace entry handles it; no double injection");
    }

    @Test
    void aPodNamingARevisionIsLeftToThatRevisionsEntries() {
        Map<String, String> canary = Map.of("istio.io/rev", "canary", "sidecar.istio.io/inject", "true");
        assertFalse(Selectors.reaches(injector(1), "shop", nsLabels("shop"), canary));
        assertFalse(Selectors.reaches(injector(3), "shop", nsLabels("shop"), canary));
    }

    @Test
    void revisionNamespaceEntrySelectsNamespacesLabelledWithThisRevision() {
        MutatingWebhook w = injector(2);
        Map<String, String> rev = Map.of("istio.io/rev", REVISION, "kubernetes.io/metadata.name", "shop");
        assertTrue(Selectors.reaches(w, "shop", rev, Map.of()));
        assertFalse(Selectors.reaches(w, "shop", rev, Map.of("sidecar.istio.io/inject", "false")));
        assertFalse(Selectors.reaches(w, "shop", Map.of("istio.io/rev", "canary"), Map.of()), "another revision's namespace");
        Map<String, String> both = Map.of("istio.io/rev", REVISION, "istio-injection", "enabled");
        assertFalse(Selectors.reaches(w, "shop", both, Map.of()), "istio-injection wins: the namespace entry handles it");
        assertTrue(Selectors.reaches(injector(0), "shop", both, Map.of()));
    }

    @Test
    void revisionObjectEntrySelectsPodsLabelledWithThisRevisionWhereTheNamespaceIsSilent() {
        MutatingWebhook w = injector(3);
        Map<String, String> rev = Map.of("istio.io/rev", REVISION);
        assertTrue(Selectors.reaches(w, "shop", nsLabels("shop"), rev));
        assertFalse(Selectors.reaches(w, "shop", nsLabels("shop"), Map.of("istio.io/rev", REVISION, "sidecar.istio.io/inject", "false")));
        assertFalse(Selectors.reaches(w, "shop", nsLabels("shop"), Map.of("istio.io/rev", "canary")));
        assertFalse(Selectors.reaches(w, "shop", Map.of("istio.io/rev", REVISION, "kubernetes.io/metadata.name", "shop"), rev),
                "the revision namespace entry handles it; no double injection");
        for (String ns : List.of("kube-node-lease", "local-path-storage", "kube-public")) {
            assertFalse(Selectors.reaches(w, ns, nsLabels(ns), rev), ns);
        }
    }

    /** The revision the selectors name is the one the injector writes on pods (values.yaml). */
    private static final String REVISION = dev.bollard.webhook.inject.MeshValues.parse(
            dev.bollard.webhook.inject.SidecarSources.values(java.util.Optional.empty())).revision();

    @Test
    void sidecarConfigMapHoldsTheBuiltInValuesAndIsMountedWhereTheInjectorReadsIt() {
        io.fabric8.kubernetes.api.model.ConfigMap cm = manifests.one(io.fabric8.kubernetes.api.model.ConfigMap.class, SIDECAR_CONFIGMAP);
        assertEquals(dev.bollard.webhook.inject.SidecarSources.values(java.util.Optional.empty()),
                cm.getData().get(dev.bollard.webhook.inject.SidecarSources.VALUES_KEY),
                "manifests/sidecar-injector-configmap.yaml must stay a copy of sidecar-template/values.yaml");
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        var volume = pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null && SIDECAR_CONFIGMAP.equals(v.getConfigMap().getName()))
                .findFirst().orElseThrow();
        var mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        assertNull(mount.getSubPath(), "a subPath mount never sees ConfigMap updates");
        EnvVar env = container().getEnv().stream().filter(e -> "BOLLARD_INJECT_CONFIG_DIR".equals(e.getName()))
                .findFirst().orElseThrow();
        assertEquals(mount.getMountPath(), env.getValue());
    }

    @Test
    void systemNamespacesNeverReachTheInjectorWhateverTheirLabels() {
        Map<String, String> optIn = Map.of("sidecar.istio.io/inject", "true");
        for (String ns : List.of("kube-system", NS)) {
            Map<String, String> labelled = Map.of("istio-injection", "enabled", "kubernetes.io/metadata.name", ns);
            for (MutatingWebhook w : manifests.one(MutatingWebhookConfiguration.class, OpsConfig.INJECTOR_CONFIGURATION)
                    .getWebhooks()) {
                assertFalse(Selectors.reaches(w, ns, labelled, optIn), w.getName() + " in " + ns);
                assertFalse(Selectors.reaches(w, ns, nsLabels(ns), optIn), w.getName() + " in " + ns);
            }
        }
        assertFalse(Selectors.reaches(injector(1), "kube-public", nsLabels("kube-public"), optIn));
    }

    @Test
    void validatorPointsAtTheValidateEndpoint() {
        ValidatingWebhookConfiguration cfg = manifests.one(ValidatingWebhookConfiguration.class,
                OpsConfig.VALIDATOR_CONFIGURATION);
        assertFalse(cfg.getWebhooks().isEmpty());
        for (ValidatingWebhook w : cfg.getWebhooks()) {
            assertServiceReference(w.getClientConfig().getService(), app.admissionPath("validate"));
            assertEquals("None", w.getSideEffects(), w.getName());
            assertTrue(w.getAdmissionReviewVersions().contains("v1"), w.getName());
            assertTrue(w.getTimeoutSeconds() != null && w.getTimeoutSeconds() <= 10, w.getName());
        }
    }

    @Test
    void everyNamespaceReachesExactlyOneValidatorEntry() {
        for (Map<String, String> labels : List.of(nsLabels("shop"), Map.of("istio-injection", "enabled"),
                Map.of("istio-injection", "disabled"), Map.of("istio.io/rev", "canary"),
                Map.of("istio.io/rev", REVISION, "istio-injection", "enabled"), nsLabels(app.property("bollard.policy.root-namespace")),
                Map.of("kubernetes.io/metadata.name", "istio-system", "istio-injection", "enabled"))) {
            String ns = labels.getOrDefault("kubernetes.io/metadata.name", "shop");
            assertEquals(1, validators().stream().filter(w -> Selectors.reaches(w, ns, labels)).count(), labels.toString());
        }
    }

    @Test
    void validatorFailsClosedWherePoliciesTakeEffect() {
        String root = app.property("bollard.policy.root-namespace");
        assertEquals("Fail", validatorFor("shop", Map.of("istio-injection", "enabled")).getFailurePolicy());
        assertEquals("Fail", validatorFor("shop", Map.of("istio.io/rev", REVISION)).getFailurePolicy());
        assertEquals("Fail", validatorFor(root, nsLabels(root)).getFailurePolicy(), "root namespace policies are mesh-wide");
    }

    @Test
    void validatorOutageDoesNotFreezePoliciesOutsideTheMesh() {
        for (Map<String, String> labels : List.of(nsLabels("shop"), Map.of("istio-injection", "disabled"))) {
            ValidatingWebhook w = validatorFor("shop", labels);
            assertEquals("Ignore", w.getFailurePolicy(), labels.toString());
            assertTrue(w.getTimeoutSeconds() <= 5, "an outage costs each write at most 5 s");
        }
    }

    @Test
    void networkPolicyExampleLetsOnlyTheApiServerReachAdmissionAndTheMeshReachTheCa() {
        var policy = RenderedManifests.example("admission-networkpolicy.yaml")
                .one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class, "bollard-admission");
        assertEquals(NS, policy.getMetadata().getNamespace());
        assertTrue(Selectors.matches(policy.getSpec().getPodSelector(), podLabels()));
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        var rules = policy.getSpec().getIngress();
        assertEquals(2, rules.size());
        var mesh = rules.get(0);
        assertTrue(mesh.getFrom().isEmpty(), "every meshed pod needs the CA");
        assertEquals(List.of(app.httpsPort()), mesh.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        var admission = rules.get(1);
        assertFalse(admission.getFrom().isEmpty());
        for (var peer : admission.getFrom()) {
            assertNotNull(peer.getIpBlock(), "the API server is not a pod: only an ipBlock names it");
            assertNull(peer.getPodSelector());
            assertNull(peer.getNamespaceSelector());
        }
        assertEquals(1, admission.getPorts().size());
        assertNotEquals(app.httpsPort(), admission.getPorts().get(0).getPort().getIntVal(), "admission on a port of its own");
        assertFalse(manifests.all().stream().anyMatch(o -> "NetworkPolicy".equals(o.getKind())),
                "an example, not part of the install set");
    }

    @Test
    void policyCrdsAreInstalled() {
        for (String name : List.of("peerauthentications.security.istio.io", "authorizationpolicies.security.istio.io")) {
            assertEquals("security.istio.io", manifests.one(CustomResourceDefinition.class, name).getSpec().getGroup());
        }
    }

    @Test
    void strictParsingRejectsAMisspeltField() {
        AssertionError e = assertThrows(AssertionError.class, () -> RenderedManifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicass: 2}
                """));
        assertTrue(e.getMessage().contains("replicass"), e.getMessage());
    }

    private static void assertServiceReference(ServiceReference ref, String path) {
        assertEquals(OpsConfig.SERVICE_NAME, ref.getName());
        assertEquals(NS, ref.getNamespace());
        assertEquals(path, ref.getPath());
        Service svc = manifests.one(Service.class, ref.getName());
        int port = ref.getPort() == null ? 443 : ref.getPort();
        assertTrue(svc.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port), "service port " + port);
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("HTTPS", probe.getHttpGet().getScheme());
        assertEquals(httpsPort().getName(), probe.getHttpGet().getPort().getStrVal());
    }

    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule r : rules) {
            assertTrue(r.getNonResourceURLs() == null || r.getNonResourceURLs().isEmpty());
            List<String> names = r.getResourceNames() == null || r.getResourceNames().isEmpty() ? List.of("*")
                    : r.getResourceNames();
            for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                    for (String name : names) {
                        for (String verb : r.getVerbs()) {
                            assertFalse("*".equals(verb) || "*".equals(resource) || "*".equals(group), "no wildcards");
                            assertTrue(out.add(group + "|" + resource + "|" + name + "|" + verb), "duplicate grant");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<ValidatingWebhook> validators() {
        return manifests.one(ValidatingWebhookConfiguration.class, OpsConfig.VALIDATOR_CONFIGURATION).getWebhooks();
    }

    private static ValidatingWebhook validatorFor(String namespace, Map<String, String> labels) {
        return validators().stream().filter(w -> Selectors.reaches(w, namespace, labels)).findFirst().orElseThrow();
    }

    private static MutatingWebhook injector(int index) {
        return manifests.one(MutatingWebhookConfiguration.class, OpsConfig.INJECTOR_CONFIGURATION).getWebhooks().get(index);
    }

    private static Map<String, String> nsLabels(String name) {
        return Map.of("kubernetes.io/metadata.name", name);
    }

    private static Deployment deployment() {
        return manifests.one(Deployment.class, "bollard");
    }

    private static Map<String, String> podLabels() {
        PodTemplateSpec template = deployment().getSpec().getTemplate();
        return template.getMetadata().getLabels();
    }

    private static Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static ContainerPort httpsPort() {
        return container().getPorts().stream().filter(p -> "https".equals(p.getName())).findFirst().orElseThrow();
    }
}
