package dev.lrsweep.worker.model;

import dev.lrsweep.worker.Layout;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One layer of a network, in order as in Keras' {@code Sequential} or {@code torch.nn.Sequential}. A layer with
 * parameters holds {@code W<n>} and {@code b<n>}, n counting the layers with parameters from 1: a dense layer's
 * weights in×units (a vector of in for one unit, whose bias is then a scalar), a convolution's filters ×
 * (channels·kernel·kernel), PyTorch's {@code weight.view(filters, -1)}.
 */
public sealed interface Layer extends Serializable {

    /**
     * The shape this layer gives for {@code input}.
     *
     * @throws IllegalArgumentException if the layer cannot take that input, naming the layer and both shapes
     */
    Shape output(Shape input);

    /** This layer's parameter arrays on {@code input}, numbered {@code number}; none for a layer without any. */
    List<Layout.Array> arrays(Shape input, int number);

    /** The layer in a few words, e.g. {@code conv2d 8@3×3 relu}. */
    String describe();

    /** The most parameters one model may have: beyond, a sweep of k models is out of any memory. */
    long MAX_PARAMETERS = 100_000_000;

    /**
     * A fully connected layer: {@code units} outputs, each its activation of a weighted sum of every input plus a
     * bias.
     *
     * @param units      how many outputs
     * @param activation the activation of each
     */
    record Dense(int units, ModelSpec.Activation activation) implements Layer {
        public Dense {
            if (units < 1 || activation == null) {
                throw new IllegalArgumentException("dense: " + units + " units, activation " + activation);
            }
        }

        @Override
        public Shape output(Shape input) {
            if (input.isImage()) {
                throw new IllegalArgumentException(describe() + " takes a vector, and its input is an image of "
                        + input + " (add flatten before it)");
            }
            return Shape.vector(units);
        }

        @Override
        public List<Layout.Array> arrays(Shape input, int number) {
            int in = input.channels();
            String w = "W" + number;
            String b = "b" + number;
            return units == 1 ? List.of(new Layout.Array(w, w + "_", new int[] {in}, in), Layout.Array.scalar(b))
                    : List.of(new Layout.Array(w, w + "_", new int[] {in, units}, in),
                            new Layout.Array(b, b + "_", new int[] {units}, 0));
        }

        @Override
        public String describe() {
            return "dense " + units + " " + activation.label();
        }
    }

    /**
     * A 2-D convolution (NCHW, cross-correlation as PyTorch's {@code nn.Conv2d}): {@code filters} square kernels of
     * {@code kernel} × {@code kernel} over every input channel, plus a bias each.
     *
     * @param filters    how many output channels
     * @param kernel     the kernel's side
     * @param stride     the step between windows
     * @param padding    {@code VALID} (no padding) or {@code SAME} (stride 1 only: zeros around so that the output
     *                   keeps the input's height and width, the odd one at the bottom and right, as PyTorch's
     *                   {@code padding="same"})
     * @param activation the activation of each output
     */
    record Conv2d(int filters, int kernel, int stride, Padding padding, ModelSpec.Activation activation)
            implements Layer {
        public Conv2d {
            if (filters < 1 || kernel < 1 || stride < 1 || padding == null || activation == null) {
                throw new IllegalArgumentException("conv2d: " + filters + " filters of " + kernel + ", stride "
                        + stride + ", padding " + padding + ", activation " + activation);
            }
            if (padding == Padding.SAME && stride != 1) {
                throw new IllegalArgumentException("conv2d: padding same needs stride 1 (as PyTorch's), not "
                        + stride);
            }
        }

        @Override
        public Shape output(Shape input) {
            if (!input.isImage()) {
                throw new IllegalArgumentException(describe() + " takes an image, and its input is a vector of "
                        + input + " (set data.image, or put it before flatten)");
            }
            if (padding == Padding.SAME) {
                return Shape.image(filters, input.height(), input.width());
            }
            if (kernel > input.height() || kernel > input.width()) {
                throw new IllegalArgumentException(describe() + ": its kernel of " + kernel + "×" + kernel
                        + " is larger than its input of " + input);
            }
            return Shape.image(filters, (input.height() - kernel) / stride + 1, (input.width() - kernel) / stride + 1);
        }

        @Override
        public List<Layout.Array> arrays(Shape input, int number) {
            int fanIn = input.channels() * kernel * kernel;
            String w = "W" + number;
            String b = "b" + number;
            return List.of(new Layout.Array(w, w + "_", new int[] {filters, fanIn}, fanIn, filters * kernel * kernel),
                    new Layout.Array(b, b + "_", new int[] {filters}, 0));
        }

        @Override
        public String describe() {
            return "conv2d " + filters + "@" + kernel + "×" + kernel + (stride == 1 ? "" : " stride " + stride)
                    + (padding == Padding.SAME ? " same" : "") + " " + activation.label();
        }
    }

    /**
     * A pooling layer: each channel's windows of {@code size} × {@code size}, {@code stride} apart, each to its
     * largest value or its mean. No padding: windows that would run past the edge are left out, as PyTorch's.
     *
     * @param kind   max or average
     * @param size   the window's side
     * @param stride the step between windows
     */
    record Pool(PoolKind kind, int size, int stride) implements Layer {
        public Pool {
            if (kind == null || size < 1 || stride < 1) {
                throw new IllegalArgumentException("pool: " + kind + " of " + size + ", stride " + stride);
            }
        }

        @Override
        public Shape output(Shape input) {
            if (!input.isImage()) {
                throw new IllegalArgumentException(describe() + " takes an image, and its input is a vector of "
                        + input);
            }
            if (size > input.height() || size > input.width()) {
                throw new IllegalArgumentException(describe() + " leaves nothing of its input of " + input
                        + " (a window of " + size + "×" + size + ")");
            }
            return Shape.image(input.channels(), (input.height() - size) / stride + 1,
                    (input.width() - size) / stride + 1);
        }

        @Override
        public List<Layout.Array> arrays(Shape input, int number) {
            return List.of();
        }

        @Override
        public String describe() {
            return kind.label() + " " + size + (stride == size ? "" : " stride " + stride);
        }
    }

    /** An image's values as one vector, channel by channel, row by row (PyTorch's {@code nn.Flatten}). */
    record Flatten() implements Layer {
        @Override
        public Shape output(Shape input) {
            return Shape.vector(Math.toIntExact(input.size()));
        }

        @Override
        public List<Layout.Array> arrays(Shape input, int number) {
            return List.of();
        }

        @Override
        public String describe() {
            return "flatten";
        }
    }

    /** A convolution's padding. */
    enum Padding {
        VALID, SAME;

        /** The name in configs and files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a pooling layer takes of each window. */
    enum PoolKind {
        MAX_POOL, AVG_POOL;

        /** The name in configs and files: {@code max_pool} or {@code avg_pool}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
