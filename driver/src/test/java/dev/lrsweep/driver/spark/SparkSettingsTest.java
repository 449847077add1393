package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.config.ConfigLoader;
import dev.lrsweep.driver.config.SweepConfig;
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

        assertThat(cluster.get("spark.executor.extraJavaOptions")).isEqualTo("-XX:+UseParallelGC -XX:TieredStopAtLevel=1");
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

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        assertThat(SparkSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(SparkSettings.isLoopback("localhost")).isTrue();
        assertThat(SparkSettings.isLoopback("10.0.0.5")).isFalse();
        assertThat(SparkSettings.isLoopback(null)).isFalse();
    }
}
