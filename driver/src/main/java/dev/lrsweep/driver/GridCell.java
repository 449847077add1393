package dev.lrsweep.driver;

/**
 * One cell of the sweep grid, and its stable key: no two cells share a (rate, steps) pair.
 *
 * @param learningRate the rate
 * @param steps        the number of gradient-descent steps
 */
public record GridCell(double learningRate, int steps) {
}
