package dev.bollard.webhook.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The training start of the class-data archive (webhook/appcds.sh) only: at shutdown, just
 * before the JVM writes the archive, links every class the start loaded, as its
 * {@code -Xlog:class+load} file lists them. JDK 17's dynamic archive leaves out a class that was
 * loaded but never linked, and Quarkus loads about 1,500 so at every start (the Kubernetes model
 * classes it registers with fabric8, annotation types, handlers looked up by name), which were then
 * read and parsed from their jars at each start instead of mapped: -0.1 s of a 1.8 s start.
 * Linking runs no static initialiser. Without {@value #PROPERTY} this does nothing.
 */
@ApplicationScoped
public class ClassDataTraining {
    static final String PROPERTY = "bollard.appcds.link-classes";
    private static final Logger LOG = Logger.getLogger(ClassDataTraining.class);
    // "[0.093s][info][class,load] io.quarkus.runtime.Quarkus$1 source: file:/app/lib/main/..."
    private static final Pattern LOADED = Pattern.compile("\\]\\s+([^\\s/\\[\\]]+)\\s+source:");

    void linkLoadedClasses(@Observes ShutdownEvent shutdown) {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            return;
        }
        List<String> names;
        try {
            names = loadedClasses(Files.readAllLines(Path.of(file)));
        } catch (IOException e) {
            LOG.warnf("class-data training: cannot read the class-load log %s: %s", file, e.getMessage());
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int linked = 0;
        for (String name : names) {
            try {
                // reflection on the declared methods links the class (HotSpot links before it answers)
                Class.forName(name, false, loader).getDeclaredMethods();
                linked++;
            } catch (ReflectiveOperationException | LinkageError e) {
                // a class that does not link here stays out of the archive, as it did before
            }
        }
        LOG.infof("class-data training: linked %d of the %d classes the start loaded", linked, names.size());
    }

    /** The class names of an {@code -Xlog:class+load} log in load order; hidden classes (lambdas) have none to look up. */
    static List<String> loadedClasses(List<String> lines) {
        return lines.stream().map(LOADED::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
    }
}
