package dev.bollard.webhook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassDataTrainingTest {
    @Test
    void theClassLoadLogGivesEachLoadedClassOnceInLoadOrder() {
        List<String> log = List.of(
                "[0.011s][info][class,load] java.lang.Object source: shared objects file",
                "[0.093s][info][class,load] io.quarkus.runtime.Quarkus$1 source: file:/app/lib/main/io.quarkus.quarkus-core-3.33.2.jar",
                "[0.094s][info][class,load] io.quarkus.runtime.Quarkus$1 source: file:/app/lib/main/io.quarkus.quarkus-core-3.33.2.jar",
                "[0.356s][info][class,load] io.fabric8.kubernetes.api.model.LimitRange source: file:/app/lib/main/model.jar");
        assertEquals(List.of("java.lang.Object", "io.quarkus.runtime.Quarkus$1", "io.fabric8.kubernetes.api.model.LimitRange"),
                ClassDataTraining.loadedClasses(log));
    }

    @Test
    void hiddenClassesAndOtherLinesAreLeftOut() {
        List<String> log = List.of(
                "[0.120s][info][class,load] java.lang.invoke.LambdaForm$MH/0x0000000800c04400 source: __JVM_LookupDefineClass__",
                "[0.121s][info][class,load] dev.bollard.webhook.Main$$Lambda$20/0x0000000800c05000 source: dev.bollard.webhook.Main",
                "[0.122s][warning][cds] something else",
                "");
        assertEquals(List.of(), ClassDataTraining.loadedClasses(log));
    }
}
