/**
 * The model families: what a model is ({@link dev.lrsweep.worker.model.ModelSpec}) and, one class a family, its
 * layout, its loss as a graph, its labels, its accuracy and its defaults ({@link dev.lrsweep.worker.model.ModelFamily}).
 */
package dev.lrsweep.worker.model;
