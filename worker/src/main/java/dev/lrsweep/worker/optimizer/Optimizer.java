package dev.lrsweep.worker.optimizer;

import dev.lrsweep.worker.Layout;
import java.io.Serializable;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizer a batch's models step with, each defined exactly as PyTorch defines it, so that rates
 * carry over: plain gradient descent; {@code torch.optim.SGD} with momentum β (dampening 0), heavy-ball or
 * Nesterov; {@code torch.optim.Adam} and {@code torch.optim.AdamW} (bias-corrected, not AMSGrad). Weight decay
 * ({@link WeightDecay}) is coupled for all but AdamW, decoupled for AdamW, as PyTorch's.
 *
 * @param kind    which optimizer
 * @param beta    momentum's and Nesterov's β, Adam's and AdamW's β₁; 0 for gd
 * @param beta2   Adam's and AdamW's β₂; 0 for the others
 * @param epsilon Adam's and AdamW's ε; 0 for the others
 */
public record Optimizer(Kind kind, double beta, double beta2, double epsilon) implements Serializable {

    /** The optimizers there are. */
    public enum Kind {
        GD, MOMENTUM, NESTEROV, ADAM, ADAMW;

        /** The name in config files and results. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** PyTorch's Adam defaults. */
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPSILON = 1e-8;

    /** Checks the coefficients of the kind. */
    public Optimizer {
        if (kind == null) {
            throw new IllegalArgumentException("an optimizer needs a kind");
        }
        boolean betaInRange = beta >= 0 && beta < 1;
        boolean valid = switch (kind) {
            case GD -> beta == 0 && beta2 == 0 && epsilon == 0;
            case MOMENTUM, NESTEROV -> beta > 0 && betaInRange && beta2 == 0 && epsilon == 0;
            case ADAM, ADAMW -> betaInRange && beta2 >= 0 && beta2 < 1 && epsilon > 0 && Double.isFinite(epsilon);
        };
        if (!valid) {
            throw new IllegalArgumentException("not a valid " + kind.label() + ": beta " + beta + ", beta2 " + beta2
                    + ", epsilon " + epsilon);
        }
    }

    /** Plain gradient descent, θ ← θ − lr·g. */
    public static Optimizer gd() {
        return new Optimizer(Kind.GD, 0, 0, 0);
    }

    /** Heavy-ball momentum as PyTorch's SGD: b ← β·b + g, θ ← θ − lr·b. */
    public static Optimizer momentum(double beta) {
        return new Optimizer(Kind.MOMENTUM, beta, 0, 0);
    }

    /** Nesterov momentum as PyTorch's SGD: b ← β·b + g, θ ← θ − lr·(g + β·b). */
    public static Optimizer nesterov(double beta) {
        return new Optimizer(Kind.NESTEROV, beta, 0, 0);
    }

    /** Adam as PyTorch's: moments of g and g², bias-corrected. */
    public static Optimizer adam(double beta1, double beta2, double epsilon) {
        return new Optimizer(Kind.ADAM, beta1, beta2, epsilon);
    }

    /** AdamW as PyTorch's: Adam with its weight decay decoupled from the gradient. */
    public static Optimizer adamw(double beta1, double beta2, double epsilon) {
        return new Optimizer(Kind.ADAMW, beta1, beta2, epsilon);
    }

    /** Whether it keeps Adam's moments: Adam and AdamW. */
    public boolean adaptive() {
        return kind == Kind.ADAM || kind == Kind.ADAMW;
    }

    /**
     * Its name in results and reports: {@code gd}, {@code momentum 0.9}, {@code nesterov 0.9}, {@code adam}
     * ({@code adamw}) with PyTorch's defaults, else {@code adam 0.8/0.99/1e-6} (β₁/β₂/ε).
     */
    public String label() {
        return switch (kind) {
            case GD -> "gd";
            case MOMENTUM, NESTEROV -> kind.label() + " " + number(beta);
            case ADAM, ADAMW -> beta == ADAM_BETA1 && beta2 == ADAM_BETA2 && epsilon == ADAM_EPSILON ? kind.label()
                    : kind.label() + " " + number(beta) + "/" + number(beta2) + "/" + number(epsilon);
        };
    }

    /**
     * The optimizer a {@link #label} names.
     *
     * @throws IllegalArgumentException for text that is no optimizer's label
     */
    public static Optimizer ofLabel(String label) {
        String[] words = label.split(" ", -1);
        try {
            Kind kind = Kind.valueOf(words[0].toUpperCase(Locale.ROOT));
            Optimizer optimizer = switch (kind) {
                case GD -> words.length == 1 ? gd() : null;
                case MOMENTUM, NESTEROV -> words.length == 2
                        ? new Optimizer(kind, Double.parseDouble(words[1]), 0, 0) : null;
                case ADAM, ADAMW -> words.length == 1 ? new Optimizer(kind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON)
                        : words.length == 2 && words[1].split("/").length == 3 ? new Optimizer(kind,
                        coefficient(words[1], 0), coefficient(words[1], 1), coefficient(words[1], 2)) : null;
            };
            if (optimizer != null && optimizer.label().equals(label)) {
                return optimizer;
            }
        } catch (IllegalArgumentException e) {
            // not a kind, not a number, or coefficients out of range: not a label
        }
        throw new IllegalArgumentException("'" + label + "' is not an optimizer (gd, momentum 0.9, nesterov 0.9, adam, "
                + "adam 0.8/0.99/1e-6, adamw)");
    }

    private static double coefficient(String coefficients, int index) {
        return Double.parseDouble(coefficients.split("/")[index]);
    }

    /** A coefficient as Java writes it, shorter: 0.9, 0.999, 1e-8, 2.5e-7. */
    private static String number(double value) {
        String written = Double.toString(value).replace(".0E", "E").replace('E', 'e');
        return written.endsWith(".0") ? written.substring(0, written.length() - 2) : written;
    }

    /** A fresh rule for {@code models} models laid out as {@code layout}, with {@code decay}, all state zero. */
    public UpdateRule rule(Layout layout, int models, DataType type, WeightDecay decay) {
        long parameters = layout.size();
        INDArray decays = decay.any() ? decay.column(layout, type) : null;
        return switch (kind) {
            case GD -> new PlainDescent(parameters, models, type, decay.any() ? decay.perParameter(layout) : null);
            case MOMENTUM, NESTEROV -> new MomentumDescent(beta, kind == Kind.NESTEROV, parameters, models, type,
                    decays);
            case ADAM, ADAMW -> new AdamDescent(beta, beta2, epsilon, parameters, models, type, decays,
                    kind == Kind.ADAMW);
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
