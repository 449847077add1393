import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.Parameters;
import dev.lrsweep.worker.Precision;
import dev.lrsweep.worker.graph.DescentModels;
import dev.lrsweep.worker.graph.GraphProgram;
import dev.lrsweep.worker.graph.ModelGraph;
import dev.lrsweep.worker.graph.NativeThreads;
import dev.lrsweep.worker.model.ModelSpec;
import dev.lrsweep.worker.optimizer.Optimizer;
import dev.lrsweep.worker.optimizer.UpdateRule;
import dev.lrsweep.worker.optimizer.WeightDecay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An op-by-op profile of one gradient-descent step of a benchmark workload's task, as a sweep's task runs it: one
 * thread, the workload's rows, k models at once. Usage: {@code java -cp <runtime classpath> StepProfile
 * <b4|b5> <data.csv> <float64|float32> [models] [runs]}; {@code bin/sweep bench --profile} runs it.
 */
public final class StepProfile {
    public static void main(String[] args) throws Exception {
        String workload = args[0];
        Dataset rows = read(Path.of(args[1]));
        Precision precision = Precision.valueOf(args[2].toUpperCase());
        int models = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        NativeThreads.limitTo(1);
        ModelSpec spec = workload.equals("b4") ? ModelSpec.logistic()
                : ModelSpec.mlp(new int[] {16}, ModelSpec.Activation.TANH, ModelSpec.Loss.CROSS_ENTROPY);
        Random random = new Random(0);
        double[] start = new double[spec.layout(rows.features()).size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = workload.equals("b4") ? 0 : random.nextGaussian() * 0.3;
        }
        Parameters at = new Parameters(spec.layout(rows.features()), start);
        ModelGraph graph = spec.family().graph(rows, spec, at, models, precision);
        UpdateRule rule = Optimizer.gd().rule(at.layout(), models, precision.dataType(), WeightDecay.NONE);
        INDArray rates = Nd4j.valueArrayOf(new long[] {1, models}, 0.01, precision.dataType());
        for (int i = 0; i < 20; i++) {
            graph.step(rule, rates, graph.evaluate());
        }
        List<GraphProgram.OpTime> ops = graph.profile(runs);
        long startStep = System.nanoTime();
        long evaluating = 0;
        for (int i = 0; i < runs; i++) {
            long before = System.nanoTime();
            DescentModels.Evaluation evaluation = graph.evaluate();
            evaluating += System.nanoTime() - before;
            graph.step(rule, rates, evaluation);
        }
        double step = (System.nanoTime() - startStep) / 1e6 / runs;
        double evaluate = evaluating / 1e6 / runs;
        double sum = ops.stream().mapToDouble(GraphProgram.OpTime::milliseconds).sum();
        System.out.printf("%s, %d rows × %d features, %d models, %s, one thread, mean of %d steps%n%n", workload,
                rows.rows(), rows.features(), models, precision.label(), runs);
        System.out.println("| op | inputs | ms | share |");
        System.out.println("|---|---|---|---|");
        for (GraphProgram.OpTime op : ops) {
            System.out.printf("| %s | %s | %.2f | %.0f%% |%n", op.op(), op.inputs(), op.milliseconds(),
                    100 * op.milliseconds() / step);
        }
        System.out.printf("| the ops | | %.2f | %.0f%% |%n", sum, 100 * sum / step);
        System.out.printf("| evaluation around the ops (losses out) | | %.2f | %.0f%% |%n", evaluate - sum,
                100 * (evaluate - sum) / step);
        System.out.printf("| update (gd) | | %.2f | %.0f%% |%n", step - evaluate, 100 * (step - evaluate) / step);
        System.out.printf("| **step** | | **%.2f** | |%n", step);
    }

    private static Dataset read(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int features = lines.get(0).split(",").length - 1;
        int n = lines.size() - 1;
        double[] x = new double[n * features];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] fields = lines.get(i + 1).split(",");
            for (int j = 0; j < features; j++) {
                x[i * features + j] = Double.parseDouble(fields[j]);
            }
            y[i] = Double.parseDouble(fields[features]);
        }
        return new Dataset(n, features, x, y);
    }
}
