package dev.lrsweep.driver.output;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lrsweep.driver.analysis.CellResult;
import dev.lrsweep.driver.analysis.Conditioning;
import dev.lrsweep.driver.analysis.LossCurve;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.analysis.SeedSummary;
import dev.lrsweep.driver.analysis.Series;
import dev.lrsweep.driver.analysis.SeriesResult;
import dev.lrsweep.driver.analysis.Theory;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.driver.data.Standardization;
import dev.lrsweep.worker.Layout;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code results.json} holds: the results and enough provenance to rerun exactly this sweep.
 *
 * @param name      the sweep's name
 * @param config    the full config, every default filled in
 * @param dataset   what the data was and where it came from
 * @param model     the model every fit trained, as {@code model} in the config
 * @param layout    how a row's {@code parameters} are laid out: named arrays, each flattened row-major
 * @param points    a sample of the data's points if it has one feature and the model is linear, else null
 * @param classPoints a sample of the data's points if it has two features and the model classifies, else null
 * @param images      a few input images with their labels if the model reads images, else null
 * @param standardization the features' means and scales, if the sweep fitted standardised features; else null
 * @param conditioning the condition number of the data as given and standardised
 * @param validation the rows held out to measure each cell on, or null
 * @param start     the start point every fit used, one entry per array of the layout (the format
 *                  {@code init.file} reads, so that any sweep can be replayed exactly)
 * @param seeds     every seed the sweep's numbers depend on beyond the grid's mini-batch seeds
 * @param versions  the versions that computed them
 * @param machine   the machine whose driver ran the sweep
 * @param execution how and where it ran
 * @param timings   how long each phase took
 * @param theory    the exact optimum and gd's stability limit on this data
 * @param series    each series' (optimizer, batch size, seed) limit, measured edge of stability and suggestions,
 *                  in grid order
 * @param seedSummaries each cell of the mini-batch series summarised over seeds; empty with one seed
 * @param rangeTest for {@code grid.learning_rates: auto}, the range tests that laid the rates; else null
 * @param rows      one per grid cell, in grid order
 * @param curves    one per series and learning rate, in grid order
 */
public record SweepRecord(String name, Map<String, Object> config, DatasetSummary dataset,
                          @JsonSerialize(using = ModelJson.Writer.class) @JsonDeserialize(using = ModelJson.Reader.class)
                          ModelSpec model,
                          Layout layout, Points points, ClassPoints classPoints, ImageSamples images,
                          Standardization standardization,
                          Conditioning conditioning, HeldOut validation,
                          Map<String, Object> start, Provenance.Seeds seeds, Provenance.Versions versions,
                          Provenance.Machine machine, Execution execution, Timings timings, Theory theory, List<SeriesResult> series,
                          List<SeedSummary> seedSummaries, RangeTestRun rangeTest, List<CellResult> rows,
                          List<LossCurve> curves) {
    /** The most parameter values per cell that tables (results.csv, the report) show as columns. */
    public static final int TABLE_PARAMETERS = 36;

    /** The column names of the parameters tables show: all of them, or none beyond {@value #TABLE_PARAMETERS}. */
    public List<String> parameterColumns() {
        return layout.size() <= TABLE_PARAMETERS ? layout.columnNames() : List.of();
    }

    /** The record of one series alone: its cells, curves and analysis, with no summary over seeds. */
    public SweepRecord only(SeriesResult one) {
        Series key = one.series();
        return new SweepRecord(name, config, dataset, model, layout, points, classPoints, images, standardization,
                conditioning,
                validation, start, seeds, versions, machine, execution, timings, theory, List.of(one), List.of(), null,
                rows.stream().filter(row -> row.series().equals(key)).toList(),
                curves.stream().filter(curve -> curve.series().equals(key)).toList());
    }

    /** The analysis of a record of one series (see {@link #only}). */
    public SeriesResult single() {
        if (series.size() != 1) {
            throw new IllegalStateException("the record holds " + series.size() + " series, not one");
        }
        return series.get(0);
    }

    /** Whether the model is a classifier: its cells have an accuracy. */
    public boolean classifies() {
        return model.classifies();
    }

    /** Whether the fits measured the sharpness (a network). */
    public boolean measuresSharpness() {
        return model.measuresSharpness();
    }

    /** Whether the exact optimum θ* is known, and with it each cell's parameter distance ‖θ − θ*‖/‖θ*‖. */
    public boolean knowsOptimum() {
        return theory != null && theory.exactParameters() != null;
    }
}
