package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import dev.bollard.webhook.ca.TestCaConfig;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * One INFO line per admission is hundreds of MB of log under load: an ordinary injection or
 * opt-out writes nothing at INFO, a skip the pod's owner did not choose does.
 */
class SidecarAdmissionLoggingTest {
    private static final SidecarAdmission ADMISSION = TestSidecarAdmission.shipped(
            TestCaConfig.secret(Path.of("target", "no-cacerts")));

    @Test
    void anInjectedPodWritesNoInfoLine() {
        assertEquals(List.of(), infoLinesWhileReviewing(Pods.web().build()));
    }

    @Test
    void anOptedOutPodWritesNoInfoLine() {
        assertEquals(List.of(), infoLinesWhileReviewing(Pods.withAnnotation("sidecar.istio.io/inject", "false")));
    }

    @Test
    void aHostNetworkPodIsSkippedWithOneInfoLine() {
        Pod pod = Pods.web().editSpec().withHostNetwork(true).endSpec().build();
        List<String> lines = infoLinesWhileReviewing(pod);
        assertEquals(1, lines.size(), lines::toString);
        assertEquals(true, lines.get(0).contains("skipped (host_network)"), lines::toString);
    }

    private static List<String> infoLinesWhileReviewing(Pod pod) {
        AdmissionRequest request = new AdmissionRequest();
        request.setUid("log-0000");
        request.setOperation("CREATE");
        request.setKind(new GroupVersionKind("", "Pod", "v1"));
        request.setNamespace("shop");
        request.setObject(pod);
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record.getLevel() + " " + String.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.bollard");
        logger.addHandler(capture);
        try {
            ADMISSION.review(request);
        } finally {
            logger.removeHandler(capture);
        }
        return lines;
    }
}
