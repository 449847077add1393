package dev.lrsweep.driver.config;

/**
 * Points x uniform in [-1, 1]^d, drawn from a seeded generator, with labels from the line
 * z = x·weights + bias: for {@code task: regression}, y = z + N(0, noise²); for
 * {@code task: classification}, y = 1 with probability sigmoid(z), else 0.
 *
 * @param rows    number of points
 * @param task    {@code regression} (the default) or {@code classification}
 * @param weights the true weights, one per feature
 * @param bias    the true bias
 * @param noise   regression only: standard deviation of the Gaussian noise on y
 * @param seed    seed of the generator
 */
public record SyntheticDataConfig(Integer rows, String task, double[] weights, Double bias, Double noise, Long seed)
        implements DataConfig.Source {

    @Override
    public String labelKey() {
        return "data.synthetic.task";
    }

    /** Whether the labels are classes 0 and 1. */
    public boolean classification() {
        return "classification".equals(task);
    }
}
