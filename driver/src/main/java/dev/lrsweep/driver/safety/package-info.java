/**
 * What keeps a sweep's results safe: the out dir's lock against a second writer, and the journal of finished
 * batches from which {@code --resume} finishes a stopped sweep.
 */
package dev.lrsweep.driver.safety;
