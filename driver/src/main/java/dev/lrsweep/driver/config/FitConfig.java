package dev.lrsweep.driver.config;

/**
 * How fits are judged.
 *
 * @param divergenceFactor a fit has diverged once its loss is non-finite or exceeds this factor
 *                         times its starting loss
 */
public record FitConfig(Double divergenceFactor) {
}
