package dev.lrsweep.driver.config;

import java.util.Locale;

/**
 * Points x uniform in [-1, 1]^d, drawn from a seeded generator, with labels from the line
 * z = x·weights + bias: for {@code task: regression}, y = z + N(0, noise²); for
 * {@code task: classification}, y = 1 with probability sigmoid(z), else 0.
 *
 * @param rows    number of points
 * @param task    regression or classification
 * @param weights the true weights, one per feature
 * @param bias    the true bias
 * @param noise   regression only (0 for classification): standard deviation of the Gaussian noise on y
 * @param seed    seed of the generator
 */
public record SyntheticDataConfig(int rows, Task task, double[] weights, double bias, double noise, long seed)
        implements DataConfig.Source {

    @Override
    public String labelKey() {
        return "data.synthetic.task";
    }

    /** Whether the labels are classes 0 and 1. */
    public boolean classification() {
        return task == Task.CLASSIFICATION;
    }

    /** What the labels are. */
    public enum Task {
        /** Numbers: the line plus noise. */
        REGRESSION,
        /** Classes 0 and 1. */
        CLASSIFICATION;

        /** The name in config files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
