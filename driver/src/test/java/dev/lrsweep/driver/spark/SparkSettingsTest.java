package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
import dev.lrsweep.driver.config.SweepInputException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {
    private static SweepConfig config(String spark) {
        return ConfigLoader.parse("data: {synthetic: {weights: [1]}}\ngrid: {learning_rates: [0.1], steps: [1]}\n"
                + spark, "t.yaml");
    }

    @Test
    void onALocalMasterTheDriverListensOnLoopbackOnly() {
        SparkConf conf = SparkSettings.of(config("spark: {master: \"local[2]\"}"), null);

        assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
        assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(conf.getBoolean("spark.ui.enabled", true))
                .isEqualTo(SparkSettings.isLoopback(System.getenv("SPARK_LOCAL_IP")));
        assertThat(conf.get("spark.master")).isEqualTo("local[2]");
    }

    @Test
    void onAClusterMasterNothingIsPinnedToLoopbackAndUserSettingsWin() {
        SparkConf cluster = SparkSettings.of(config("spark: {master: \"spark://host:7077\"}"), null);
        SparkConf chosen = SparkSettings.of(config("spark: {settings: {spark.ui.enabled: \"true\"}}"), null);

        assertThat(cluster.contains("spark.driver.bindAddress")).isFalse();
        assertThat(chosen.get("spark.ui.enabled")).isEqualTo("true");
    }

    @Test
    void clusterExecutorsGetBinSweepsJvmFlagsUnlessTheConfigGivesItsOwn() {
        SparkConf cluster = SparkSettings.of(config("spark: {master: \"spark://host:7077\"}"), null);
        SparkConf own = SparkSettings.of(config("spark: {master: \"spark://host:7077\", settings: "
                + "{spark.executor.extraJavaOptions: \"-XX:+UseG1GC\"}}"), null);
        SparkConf local = SparkSettings.of(config("spark: {master: \"local[2]\"}"), null);

        assertThat(cluster.get("spark.executor.extraJavaOptions")).isEqualTo("-XX:+UseParallelGC");
        assertThat(own.get("spark.executor.extraJavaOptions")).isEqualTo("-XX:+UseG1GC");
        assertThat(local.contains("spark.executor.extraJavaOptions")).isFalse();
        assertThat(local.get("spark.executor.heartbeatInterval")).isEqualTo("1s");
    }

    @Test
    void theInstallationsSparkDefaultsApply() {
        SparkConf conf = SparkSettings.of(config(""), null);

        assertThat(conf.get("spark.ui.showConsoleProgress")).isEqualTo("false");
        assertThat(conf.get("spark.app.name")).isEqualTo("lrsweep: sweep");
    }

    @Test
    void theMasterOfSparkSubmitBeatsTheConfigsAndTheCommandLinesBeatsBoth() {
        SweepConfig local = config("spark: {master: \"local[*]\"}");
        System.setProperty("spark.master", "spark://submitted:7077");
        System.setProperty("spark.executor.memory", "3g");
        try {
            SparkConf submitted = SparkSettings.of(local, null);
            SparkConf overridden = SparkSettings.of(local, "local[1]");

            assertThat(submitted.get("spark.master")).isEqualTo("spark://submitted:7077");
            assertThat(submitted.get("spark.executor.memory")).isEqualTo("3g");
            assertThat(submitted.contains("spark.driver.bindAddress")).isFalse();
            assertThat(overridden.get("spark.master")).isEqualTo("local[1]");
        } finally {
            System.clearProperty("spark.master");
            System.clearProperty("spark.executor.memory");
        }
    }

    /** A value Spark's definition of the setting cannot read is refused before Spark starts, naming where it came from. */
    @Test
    void aValueSparkCannotReadIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> SparkSettings.of(config("spark: {settings: {spark.driver.maxResultSize: abc}}"), null))
                .isInstanceOf(SweepInputException.class).hasMessage("spark.settings.spark.driver.maxResultSize: 'abc' is "
                        + "not a value Spark takes: Size must be specified as bytes (b), kibibytes (k), mebibytes (m), "
                        + "gibibytes (g), tebibytes (t), or pebibytes(p). E.g. 50b, 100k, or 250m.");
        System.setProperty("spark.task.maxFailures", "often");
        try {
            assertThatThrownBy(() -> SparkSettings.of(config(""), null)).isInstanceOf(SweepInputException.class)
                    .hasMessageStartingWith("spark-submit --conf spark.task.maxFailures: 'often' is not a value Spark takes");
        } finally {
            System.clearProperty("spark.task.maxFailures");
        }
        // what Spark substitutes as it reads, and what it does not define, are Spark's to check
        SparkConf unchecked = SparkSettings.of(config("spark: {settings: {spark.executor.memory: '${env:MEMORY}', "
                + "spark.my.own: anything}}"), null);
        assertThat(unchecked.get("spark.executor.memory")).isEqualTo("${env:MEMORY}");
        assertThat(unchecked.get("spark.my.own")).isEqualTo("anything");
    }

    @Test
    void moreCoresPerTaskThanALocalMasterHasOrFewerThanOneAreRefused() {
        assertThatThrownBy(() -> SparkSettings.of(config("spark: {master: 'local[2]', settings: {spark.task.cpus: 3}}"),
                null)).hasMessage("spark.settings.spark.task.cpus: 3 cores per task, but master local[2] has 2 cores to run "
                        + "tasks on (give at most 2)");
        assertThatThrownBy(() -> SparkSettings.of(config("spark: {settings: {spark.task.cpus: 2}}"), "local"))
                .hasMessageContaining("but master local has 1 core to run tasks on");
        assertThatThrownBy(() -> SparkSettings.of(config("spark: {master: 'spark://host:7077', settings: "
                + "{spark.task.cpus: 0}}"), null)).hasMessage("spark.settings.spark.task.cpus: 0 cores per task; a task "
                + "needs at least 1");
        assertThat(SparkSettings.of(config("spark: {master: 'local[2, 3]', settings: {spark.task.cpus: 2}}"), null)
                .get("spark.task.cpus")).isEqualTo("2");
        assertThat(SparkSettings.of(config("spark: {master: 'spark://host:7077', settings: {spark.task.cpus: 8}}"), null)
                .get("spark.task.cpus")).isEqualTo("8");
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        assertThat(SparkSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(SparkSettings.isLoopback("localhost")).isTrue();
        assertThat(SparkSettings.isLoopback("10.0.0.5")).isFalse();
        assertThat(SparkSettings.isLoopback(null)).isFalse();
    }
}
