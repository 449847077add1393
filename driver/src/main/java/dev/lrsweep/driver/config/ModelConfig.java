package dev.lrsweep.driver.config;

import dev.lrsweep.worker.model.ModelSpec;
import java.util.Locale;

/**
 * The model every fit trains.
 *
 * @param kind       {@code linear} (the default), {@code logistic}, {@code softmax} or {@code mlp}
 * @param hidden     mlp only: the widths of the hidden layers, default [16]
 * @param activation mlp only: {@code tanh} (the default) or {@code relu}
 * @param loss       {@code mse} for linear, {@code cross_entropy} for logistic and softmax; for an mlp either,
 *                   default {@code mse}
 */
public record ModelConfig(String kind, int[] hidden, String activation, String loss) {

    /**
     * The model as the worker fits it; call on a checked config. A softmax model's number of classes is 0 here,
     * unknown until the labels are read ({@link ModelSpec#withClasses}).
     */
    public ModelSpec spec() {
        return new ModelSpec(ModelSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
                hidden == null ? new int[0] : hidden,
                activation == null ? null : ModelSpec.Activation.valueOf(activation.toUpperCase(Locale.ROOT)),
                ModelSpec.Loss.valueOf(loss.toUpperCase(Locale.ROOT)), 0);
    }
}
