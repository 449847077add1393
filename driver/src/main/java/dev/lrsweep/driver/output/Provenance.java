package dev.lrsweep.driver.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lrsweep.driver.config.InitConfig;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SyntheticDataConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sweep's numbers came from, besides its config and data: the versions that computed them, every seed that
 * chose them, and the machine whose driver ran it. results.json holds each under its own key ({@code versions},
 * {@code seeds}, {@code machine}).
 */
public final class Provenance {

    private Provenance() {
    }

    /**
     * The versions that computed a sweep.
     *
     * @param lrsweep  this tool's
     * @param nd4j     ND4J's, whose SameDiff differentiates and evaluates the graphs
     * @param openblas the OpenBLAS build ND4J multiplies with
     * @param spark    Spark's, as the running context reports it
     * @param java     the driver's Java
     */
    public record Versions(String lrsweep, String nd4j, String openblas, String spark, String java) {

        /** The worker's libraries as it was built against them, beside the running Spark and Java. */
        public static Versions of(Map<String, String> worker, String spark) {
            return new Versions(worker.get("lrsweep"), worker.get("nd4j"), worker.get("openblas"), spark,
                    System.getProperty("java.version"));
        }

        /** Each version by name, in this order, for a table. */
        public Map<String, String> byName() {
            Map<String, String> byName = new LinkedHashMap<>();
            byName.put("lrsweep", lrsweep);
            byName.put("nd4j", nd4j);
            byName.put("openblas", openblas);
            byName.put("spark", spark);
            byName.put("java", java);
            return byName;
        }
    }

    /**
     * Every seed a sweep's numbers depend on beyond the grid's own mini-batch seeds (those name their series).
     *
     * @param data       the generated data's, or null for data read from a file or table
     * @param init       the start draw's, or null for a start that is not drawn
     * @param validation the validation split's, or null without one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seeds(Long data, Long init, Long validation) {

        /** The seeds the config chose. */
        public static Seeds of(SweepConfig config) {
            return new Seeds(config.data().source() instanceof SyntheticDataConfig synthetic ? synthetic.seed() : null,
                    config.init() instanceof InitConfig.Drawn drawn ? drawn.seed() : null,
                    config.data().validation() == null ? null : config.data().validation().seed());
        }
    }

    /**
     * The machine whose driver ran a sweep.
     *
     * @param os        its operating system and version
     * @param arch      its processor architecture
     * @param cores     the processors the driver's JVM sees
     * @param heapBytes the driver's largest heap
     */
    public record Machine(String os, String arch, int cores, long heapBytes) {

        /** This machine. */
        public static Machine here() {
            Runtime runtime = Runtime.getRuntime();
            return new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("os.arch"), runtime.availableProcessors(), runtime.maxMemory());
        }
    }
}
