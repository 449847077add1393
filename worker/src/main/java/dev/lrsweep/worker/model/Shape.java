package dev.lrsweep.worker.model;

import java.io.Serializable;

/**
 * What one row is to a layer: a vector of {@code channels} values (height and width 0), or an image of channels ×
 * height × width (NCHW, as PyTorch lays it out).
 *
 * @param channels the vector's length, or the image's channels
 * @param height   the image's height, 0 for a vector
 * @param width    the image's width, 0 for a vector
 */
public record Shape(int channels, int height, int width) implements Serializable {

    /** Refuses empty shapes. */
    public Shape {
        if (channels < 1 || height < 0 || width < 0 || (height == 0) != (width == 0)) {
            throw new IllegalArgumentException("not a shape: " + channels + "×" + height + "×" + width);
        }
    }

    /** A vector of {@code length} values. */
    public static Shape vector(int length) {
        return new Shape(length, 0, 0);
    }

    /** An image of {@code channels} × {@code height} × {@code width}. */
    public static Shape image(int channels, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("not an image: " + channels + "×" + height + "×" + width);
        }
        return new Shape(channels, height, width);
    }

    public boolean isImage() {
        return height > 0;
    }

    /** How many values: the vector's length, or channels × height × width. */
    public long size() {
        return isImage() ? (long) channels * height * width : channels;
    }

    /** {@code 64}, or {@code 8×6×6}. */
    @Override
    public String toString() {
        return isImage() ? channels + "×" + height + "×" + width : Integer.toString(channels);
    }
}
