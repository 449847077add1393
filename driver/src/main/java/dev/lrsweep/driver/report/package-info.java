/** The sweep report: charts drawn with JFreeChart, saved as SVG with JFreeSVG, and one self-contained HTML page. */
package dev.lrsweep.driver.report;
