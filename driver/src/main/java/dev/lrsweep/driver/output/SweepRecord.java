package dev.lrsweep.driver.output;

import dev.lrsweep.driver.analysis.Boundary;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.Suggestions;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code results.json} holds: the results and enough provenance to rerun exactly this sweep.
 *
 * @param name      the sweep's name
 * @param config    the full config, every default filled in
 * @param dataset   what the data was and where it came from
 * @param points    a sample of the data's points if it has one feature, else null
 * @param start     the start point every fit used: {@code weights} and {@code bias}
 * @param seeds     every seed the sweep used, by name
 * @param versions  library versions, by library
 * @param execution how and where it ran
 * @param timings   how long each phase took
 * @param theory    the exact optimum and the stability limit on this data
 * @param boundary  where the sweep measured the edge of stability
 * @param suggestions the best rates and a verdict per band of rates
 * @param rows      one per grid cell, in grid order
 * @param curves    one per learning rate, ascending
 */
public record SweepRecord(String name, Map<String, Object> config, DatasetSummary dataset, Points points,
                          Map<String, Object> start, Map<String, Long> seeds, Map<String, String> versions,
                          Execution execution, Timings timings, Theory theory, Boundary boundary,
                          Suggestions suggestions, List<CellResult> rows, List<LossCurve> curves) {
}
