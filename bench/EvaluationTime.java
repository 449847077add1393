import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.InitScheme;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.model.Layer;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.model.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The time of one gradient evaluation of B7's network (conf/examples/digits.yaml: conv 8@3×3 relu, max-pool 2,
 * flatten, dense 10) for k models on the 1,797 digits, on one thread: 30 evaluations to warm up, then 3 runs of 30,
 * each run's mean printed (docs/performance.md, "How the k models share a step"). Run from the repository, after a
 * build, with the worker on the class path:
 *
 * <pre>OMP_NUM_THREADS=1 java -cp "$(cat driver/target/runtime-classpath.txt)" bench/EvaluationTime.java float64 8</pre>
 */
public class EvaluationTime {
    public static void main(String[] args) throws Exception {
        Precision precision = Precision.valueOf(args.length > 0 ? args[0].toUpperCase() : "FLOAT64");
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<String> lines = Files.readAllLines(Path.of("conf/examples/data/digits.csv"));
        int rows = lines.size() - 1;
        int pixels = 64;
        double[] x = new double[rows * pixels];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            String[] fields = lines.get(r + 1).split(",");
            for (int j = 0; j < pixels; j++) {
                x[r * pixels + j] = Double.parseDouble(fields[j]);
            }
            y[r] = Double.parseDouble(fields[pixels]);
        }
        ModelSpec network = ModelSpec.network(List.of(
                new Layer.Conv2d(8, 3, 1, Layer.Padding.VALID, ModelSpec.Activation.RELU),
                new Layer.Pool(Layer.PoolKind.MAX_POOL, 2, 2), new Layer.Flatten(),
                new Layer.Dense(10, ModelSpec.Activation.NONE)), ModelSpec.Loss.CROSS_ENTROPY, Shape.image(1, 8, 8))
                .withClasses(10);
        var graph = network.family().graph(new Dataset(rows, pixels, x, y), network,
                InitScheme.PYTORCH.draw(network.layout(pixels), 7), models, precision);
        for (int i = 0; i < 30; i++) {
            graph.evaluate();
        }
        double[] milliseconds = new double[3];
        for (int run = 0; run < milliseconds.length; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                graph.evaluate();
            }
            milliseconds[run] = (System.nanoTime() - start) / 1e6 / 30;
        }
        System.out.printf("%s, %d models: %s ms an evaluation%n", precision, models,
                Arrays.toString(Arrays.stream(milliseconds).map(t -> Math.round(t * 10) / 10.0).toArray()));
    }
}
