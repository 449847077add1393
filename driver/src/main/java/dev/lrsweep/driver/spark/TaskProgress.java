package dev.lrsweep.driver.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The work of the tasks still running, seen from the driver: every task adds the model-steps it takes to one
 * accumulator, whose in-flight value reaches the driver with each executor heartbeat
 * ({@code spark.executor.heartbeatInterval}; a second in local mode, see {@link SparkSettings}). A task's
 * value is dropped when it ends, since its batch's cells then count as done.
 */
public final class TaskProgress extends SparkListener {
    /** The accumulator's name, as the Spark UI shows it on a stage's page. */
    public static final String ACCUMULATOR = "lrsweep model-steps";
    private final LongAccumulator modelSteps;
    private final Map<Long, Long> byTask = new ConcurrentHashMap<>();

    private TaskProgress(LongAccumulator modelSteps) {
        this.modelSteps = modelSteps;
    }

    /** Registers the accumulator and starts listening. */
    public static TaskProgress of(JavaSparkContext spark) {
        TaskProgress progress = new TaskProgress(spark.sc().longAccumulator(ACCUMULATOR));
        spark.sc().addSparkListener(progress);
        return progress;
    }

    /** The accumulator tasks add their model-steps to. */
    public LongAccumulator modelSteps() {
        return modelSteps;
    }

    /** The model-steps the running tasks had taken at their last heartbeats. */
    public long inFlight() {
        return byTask.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
                : CollectionConverters.asJava(update.accumUpdates())) {
            for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
                if (info.id() == modelSteps.id() && info.update().isDefined()) {
                    byTask.put((Long) task._1(), ((Number) info.update().get()).longValue());
                }
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        byTask.remove(end.taskInfo().taskId());
    }
}
