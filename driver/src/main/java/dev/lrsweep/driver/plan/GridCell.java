package dev.lrsweep.driver.plan;

import dev.lrsweep.driver.analysis.Series;

/**
 * One cell of the sweep grid, and its stable key: no two cells share a (series, rate, steps) triple.
 *
 * @param series       its optimizer, batch size and seed
 * @param learningRate the rate
 * @param steps        the number of steps
 */
public record GridCell(Series series, double learningRate, int steps) {
}
