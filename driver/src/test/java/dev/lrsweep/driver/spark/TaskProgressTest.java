package dev.lrsweep.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** The driver sees a running task's model-steps through its heartbeats, before the task ends, on real Spark. */
class TaskProgressTest {

    @Test
    void aRunningTasksModelStepsReachTheDriverWithItsHeartbeatsAndLeaveWhenItEnds() throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("progress")
                .set("spark.ui.enabled", "false").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1").set("spark.executor.heartbeatInterval", "1s");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            TaskProgress progress = TaskProgress.of(spark);
            LongAccumulator steps = progress.modelSteps();
            CompletableFuture<Void> job = CompletableFuture.runAsync(() -> spark.parallelize(List.of(1), 1)
                    .foreach(one -> {
                        steps.add(48);
                        Thread.sleep(4000);
                    }));
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (seen == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                seen = progress.inFlight();
            }
            assertThat(job).as("the task still runs").isNotDone();
            assertThat(seen).isEqualTo(48);
            job.get();
            long after = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (progress.inFlight() != 0 && System.nanoTime() < after) {
                Thread.sleep(50);
            }
            assertThat(progress.inFlight()).as("a finished task's steps count with its batch").isZero();
        }
    }
}
