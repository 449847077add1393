/**
 * What a sweep's numbers mean: the exact optimum and stability limit of gradient descent on the
 * data, every rate's loss curve and the regime of every cell (its result row), the measured
 * boundary and the suggestions drawn from them.
 */
package dev.lrsweep.driver.analysis;
