package dev.lrsweep.driver.output;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lrsweep.driver.analysis.RangeTestRun;
import dev.lrsweep.driver.data.DatasetSummary;
import dev.lrsweep.worker.model.ModelSpec;
import java.util.Map;

/**
 * What {@code bin/sweep find} writes to {@code range-test.json}: the range tests and enough provenance to
 * rerun them.
 *
 * @param name         the sweep's name
 * @param config       the full config, every default filled in
 * @param dataset      what the data was and where it came from
 * @param model        the model, as {@code model} in the config
 * @param rangeTest    one run per optimizer and batch size, with its suggestions
 * @param totalSeconds the command's time
 */
public record RangeTestRecord(String name, Map<String, Object> config, DatasetSummary dataset,
                              @JsonSerialize(using = ModelJson.Writer.class)
                              @JsonDeserialize(using = ModelJson.Reader.class) ModelSpec model,
                              RangeTestRun rangeTest, double totalSeconds) {

    /** Whether the model is a classifier. */
    public boolean classifies() {
        return model.classifies();
    }
}
