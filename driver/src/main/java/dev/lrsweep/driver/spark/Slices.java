package dev.lrsweep.driver.spark;

import dev.lrsweep.driver.data.Standardization;
import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/** The rows of a data-parallel sweep as slices on the executors: how many rows a slice holds, how they get there. */
public final class Slices {
    /** The most values the widest array of a slice's graph holds. */
    static final long SLICE_VALUES = 1_000_000;
    /**
     * The share of the executors' storage memory that the slices may take to be cached there; beyond it
     * they are cached on the executors' local disks (serialized, read back at every step), since
     * unrolling a partition that does not fit into memory takes more heap than Spark can give it.
     */
    public static final double CACHE_SHARE = 0.5;

    private Slices() {
    }

    /**
     * Slices made ready for data parallelism: standardised where {@code scaling} is given (a table's, read as they
     * are) and cached at {@code level}. In memory they take one partition for each task the cluster runs at once, each
     * to be served by one task for a whole fit ({@link ServedSlices}); on disk at least as many partitions, read by
     * every evaluation's job.
     */
    public static JavaRDD<Dataset> cached(JavaRDD<Dataset> slices, Standardization scaling, StorageLevel level) {
        int slots = ServedSlices.slots(slices.context());
        JavaRDD<Dataset> ready = scaling == null ? slices : slices.map(scaling::apply);
        if (level.useMemory() ? !evenLineage(ready.rdd(), slots) : ready.getNumPartitions() < slots) {
            ready = ready.repartition(slots);
        }
        return ready.persist(level);
    }

    /**
     * Whether the RDD and every RDD it is computed from in the same stage (through narrow dependencies) have
     * {@code partitions} partitions, each RDD with at most one shuffle before it: what Spark requires of a barrier
     * stage's RDDs (a union or a coalesce in the slices' lineage would fail the stage that serves them).
     */
    static boolean evenLineage(RDD<?> rdd, int partitions) {
        List<Dependency<?>> dependencies = CollectionConverters.asJava(rdd.dependencies());
        if (rdd.getNumPartitions() != partitions
                || dependencies.stream().filter(ShuffleDependency.class::isInstance).count() > 1) {
            return false;
        }
        return dependencies.stream().allMatch(dependency -> !(dependency instanceof NarrowDependency<?> narrow)
                || evenLineage(narrow.rdd(), partitions));
    }

    /**
     * Rows per slice in data parallelism: at most {@value #SLICE_VALUES} values in the graph's widest array
     * (rows × the widest of d + 1 and the models' outputs or hidden units side by side), and no more than
     * a core's share of the rows, so that every core gets a slice.
     */
    public static int rows(int rows, int features, int models, ModelSpec model, int cores) {
        List<Shape> shapes = model.shapes(features);
        long widestLayer = shapes.subList(1, shapes.size()).stream().mapToLong(Shape::size).max().orElse(1);
        long widest = Math.max(features + 1, models * Math.max(1, widestLayer));
        int byMemory = (int) Math.max(1024, SLICE_VALUES / widest);
        int perCore = (rows + cores - 1) / cores;
        // slices of one size where the rows allow: SameDiff reuses its arrays between calls of the same shapes
        int slicesPerCore = (perCore + byMemory - 1) / byMemory;
        return Math.max(1, (perCore + slicesPerCore - 1) / slicesPerCore);
    }

    /**
     * Rows the driver holds as slices of at most {@code size} rows on the executors, in one partition for each task
     * the cluster runs at once: broadcast once and cut there, so that the slices' lineage, shipped with the tasks,
     * holds no rows.
     */
    public static JavaRDD<Dataset> of(JavaSparkContext spark, Dataset data, int size) {
        Broadcast<Dataset> rows = spark.broadcast(data);
        int rowCount = data.rows();
        int count = (rowCount + size - 1) / size;
        List<Integer> indices = IntStream.range(0, count).boxed().toList();
        return spark.parallelize(indices, ServedSlices.slots(spark.sc()))
                .map(index -> rows.value().slice(index * size, Math.min(rowCount, (index + 1) * size)));
    }
}
