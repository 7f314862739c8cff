package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.INTERCEPTION_MODE;
import static dev.bollard.webhook.inject.MeshAnnotations.NATIVE_SIDECAR;

import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where the proxy goes and whether istio-init runs, decided as Istio's injector does.
 *
 * <p>A native sidecar (the default, {@code proxy.nativeSidecar} in values.yaml, per pod
 * {@code sidecar.istio.io/nativeSidecar}) is an init container with {@code restartPolicy: Always}
 * right after istio-init: Kubernetes starts the app containers once its startup probe passes and
 * stops it after them, so a Job's pod completes. A regular sidecar is the last container, or the
 * first with a postStart hook that waits for readiness when {@code holdApplicationUntilProxyStarts}.
 * {@code sidecar.istio.io/interceptionMode: NONE} captures nothing, so there is no istio-init.
 *
 * @param nativeSidecar the proxy is an init container that keeps running
 * @param holdApplication a regular proxy goes first and holds the app containers until it is ready
 * @param intercept istio-init is added (interception mode REDIRECT)
 */
public record ProxyPlacement(boolean nativeSidecar, boolean holdApplication, boolean intercept) {
    public static ProxyPlacement of(Pod pod, MeshValues.Proxy proxy, ProxyLifecycle lifecycle) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        boolean nativeSidecar = flag(annotations, NATIVE_SIDECAR, proxy.nativeSidecar());
        // a native sidecar is held by Kubernetes itself; the hook is for regular containers only
        return new ProxyPlacement(nativeSidecar, !nativeSidecar && lifecycle.holdApplicationUntilProxyStarts(),
                intercepts(annotations.get(INTERCEPTION_MODE)));
    }

    private static boolean intercepts(String mode) {
        if (mode == null) {
            return true;
        }
        switch (mode.trim()) {
            case "REDIRECT":
                return true;
            case "NONE":
                return false;
            case "TPROXY":
                throw new InvalidAnnotationException(INTERCEPTION_MODE, mode,
                        "TPROXY is not supported: Bollard's init-iptables captures with REDIRECT only; "
                                + "use REDIRECT (the default) or NONE");
            default:
                throw new InvalidAnnotationException(INTERCEPTION_MODE, mode, "expected REDIRECT or NONE");
        }
    }

    private static boolean flag(Map<String, String> annotations, String name, boolean fallback) {
        String value = annotations.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidAnnotationException(name, value, "expected \"true\" or \"false\"");
        };
    }
}
