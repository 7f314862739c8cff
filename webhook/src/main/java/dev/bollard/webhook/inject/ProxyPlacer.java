package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Puts the rendered proxy where {@link ProxyPlacement} says, so the template stays one partial
 * PodSpec for both modes: a native sidecar moves from {@code containers} to the init containers
 * right after istio-init (first when there is none), with {@code restartPolicy: Always}.
 */
final class ProxyPlacer {
    private ProxyPlacer() {
    }

    static PodSpec place(PodSpec rendered, ProxyPlacement placement) {
        if (!placement.nativeSidecar()) {
            return rendered;
        }
        List<Container> containers = new ArrayList<>();
        List<Container> proxies = new ArrayList<>();
        for (Container container : rendered.getContainers() == null ? List.<Container>of() : rendered.getContainers()) {
            (MeshAnnotations.PROXY_CONTAINER.equals(container.getName()) ? proxies : containers).add(container);
        }
        proxies.forEach(proxy -> proxy.setRestartPolicy("Always"));
        List<Container> inits = new ArrayList<>(rendered.getInitContainers() == null ? List.of() : rendered.getInitContainers());
        int afterInit = 0;
        for (int i = 0; i < inits.size(); i++) {
            if (MeshAnnotations.INIT_CONTAINER.equals(inits.get(i).getName())) {
                afterInit = i + 1;
            }
        }
        inits.addAll(afterInit, proxies);
        rendered.setInitContainers(inits);
        rendered.setContainers(containers);
        return rendered;
    }
}
