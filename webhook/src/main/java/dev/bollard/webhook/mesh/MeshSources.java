package dev.bollard.webhook.mesh;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts the mesh source {@code bollard.mesh.source} names, on one daemon thread of its own. */
@ApplicationScoped
public class MeshSources {
    private static final Logger LOG = Logger.getLogger(MeshSources.class);

    private final MeshConfig config;
    private final MeshModel model;
    private final KubernetesClient client;
    private ScheduledExecutorService scheduler;
    private ClusterMeshSource cluster;

    MeshSources(MeshConfig config, MeshModel model, KubernetesClient client) {
        this.config = config;
        this.model = model;
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bollard-mesh-source");
            thread.setDaemon(true);
            return thread;
        });
        switch (config.source()) {
            case FILES -> {
                LOG.infof("mesh model from the files in %s", config.dir().toAbsolutePath());
                FileMeshSource files = new FileMeshSource(config.dir(), model);
                files.poll();
                long every = config.pollInterval().toMillis();
                scheduler.scheduleWithFixedDelay(() -> {
                    try {
                        files.poll();
                    } catch (RuntimeException e) {
                        LOG.warn("reading the mesh files failed; retrying", e);
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }
            case KUBERNETES -> {
                cluster = new ClusterMeshSource(client, model, scheduler, config);
                cluster.start();
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (cluster != null) {
            cluster.stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
