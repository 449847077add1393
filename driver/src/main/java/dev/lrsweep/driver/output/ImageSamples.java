package dev.lrsweep.driver.output;

/**
 * A few of an image model's input images with their labels, for the report: at most {@link #LIMIT}, the first
 * rows of each class in turn (one of each class, in the order of their labels, then a second of each, …), so that
 * every class shows.
 *
 * @param shape  channels, height and width of every image
 * @param images each image's values as the rows hold them: channel by channel, row by row
 * @param labels each image's label
 */
public record ImageSamples(int[] shape, double[][] images, double[] labels) {
    /** The most images a record holds. */
    public static final int LIMIT = 12;
}
