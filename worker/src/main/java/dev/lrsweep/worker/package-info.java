/** Gradient-descent fits of linear least squares, many learning rates in one SameDiff graph; no Spark here. */
package dev.lrsweep.worker;
