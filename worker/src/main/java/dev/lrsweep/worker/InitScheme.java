package dev.lrsweep.worker;

import java.util.Locale;
import java.util.Random;

/**
 * How a seeded start draws a model's parameters, array by array in the layout's order, from one
 * {@link Random} of the seed; a bias array takes the fan-in of the weights before it:
 * <ul>
 *   <li>{@code pytorch}: weights U(±1/√fan_in) (kaiming_uniform with a = √5) and biases U(±1/√fan_in), as
 *       {@code nn.Linear} and {@code nn.Conv2d} initialise;</li>
 *   <li>{@code lecun_normal}: weights N(0, 1/fan_in), biases 0;</li>
 *   <li>{@code glorot_uniform}: weights U(±√(6/(fan_in + fan_out))), biases 0;</li>
 *   <li>{@code he_normal}: weights N(0, 2/fan_in), biases 0.</li>
 * </ul>
 */
public enum InitScheme {
    PYTORCH, LECUN_NORMAL, GLOROT_UNIFORM, HE_NORMAL;

    /** The parameters drawn for {@code layout} from {@code seed}. */
    public Parameters draw(Layout layout, long seed) {
        Random random = new Random(seed);
        double[] values = new double[layout.size()];
        int at = 0;
        int fanIn = 0;
        for (Layout.Array array : layout.arrays()) {
            boolean weights = array.holdsWeights();
            fanIn = weights ? array.fanIn() : fanIn;
            for (int i = 0; i < array.size(); i++, at++) {
                values[at] = weights ? weight(random, array.fanIn(), array.fanOut()) : bias(random, fanIn);
            }
        }
        return new Parameters(layout, values);
    }

    private double weight(Random random, int fanIn, int fanOut) {
        return switch (this) {
            case PYTORCH -> uniform(random, 1 / Math.sqrt(fanIn));
            case LECUN_NORMAL -> random.nextGaussian() / Math.sqrt(fanIn);
            case GLOROT_UNIFORM -> uniform(random, Math.sqrt(6.0 / (fanIn + fanOut)));
            case HE_NORMAL -> random.nextGaussian() * Math.sqrt(2.0 / fanIn);
        };
    }

    private double bias(Random random, int fanIn) {
        return this == PYTORCH && fanIn > 0 ? uniform(random, 1 / Math.sqrt(fanIn)) : 0;
    }

    private static double uniform(Random random, double bound) {
        return (2 * random.nextDouble() - 1) * bound;
    }

    /** The name in configs and files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
