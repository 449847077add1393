package dev.lrsweep.driver.analysis;

/**
 * One cell of a mini-batch series summarised over its seeds.
 *
 * @param optimizer          the optimizer
 * @param schedule           the schedule, its label
 * @param weightDecay        the weight decay
 * @param batchSize          the rows per mini-batch
 * @param learningRate       the rate
 * @param steps              the step count
 * @param seeds              how many seeds ran it
 * @param diverged           how many of them diverged or failed
 * @param meanLoss           the mean final loss of the others; NaN if none
 * @param stdLoss            their sample standard deviation (0 for one); NaN if none
 * @param minLoss            their smallest final loss; NaN if none
 * @param maxLoss            their largest; NaN if none
 * @param meanValidationLoss their mean validation loss where rows were held out; else NaN
 */
public record SeedSummary(String optimizer, String schedule, double weightDecay, int batchSize, double learningRate, int steps, int seeds, int diverged,
                          double meanLoss, double stdLoss, double minLoss, double maxLoss, double meanValidationLoss) {
}
