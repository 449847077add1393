/**
 * What a sweep's numbers mean: the exact optimum and stability limit of gradient descent on the
 * data, the regime of every cell, the measured boundary and the suggestions drawn from them.
 */
package dev.lrsweep.driver.analysis;
