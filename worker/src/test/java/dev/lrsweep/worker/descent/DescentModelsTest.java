package dev.lrsweep.worker.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.worker.graph.DescentModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The row-major values a step's reversal test reads, whatever the matrix's layout, and the test itself. */
class DescentModelsTest {

    @Test
    void rowMajorValuesAreTheSameForEveryLayoutAndPrecision() {
        double[] values = {1, 2, 3, 4, 5, 6};
        INDArray rows = Nd4j.create(values, new long[] {2, 3}, DataType.DOUBLE);
        assertThat(DescentModels.rowMajor(rows)).containsExactly(values);
        assertThat(DescentModels.rowMajor(rows.dup('f'))).containsExactly(values);
        assertThat(DescentModels.rowMajor(rows.castTo(DataType.FLOAT))).containsExactly(values);
        INDArray wider = Nd4j.create(new double[] {1, 2, 3, 9, 4, 5, 6, 9}, new long[] {2, 4}, DataType.DOUBLE);
        assertThat(DescentModels.rowMajor(wider.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)))).as("a view").containsExactly(values);
    }

    @Test
    void aModelReversesWhereItsGradientsDotProductIsNegative() {
        // 2 parameters × 3 models, row-major: model 0 keeps its direction, model 1 turns back, model 2 is orthogonal
        double[] before = {1, 1, 1, 0, 2, 0};
        double[] now = {2, -1, 0, 0, -3, 5};
        assertThat(DescentModels.reversed(now, before, 3)).containsExactly(false, true, false);
    }
}
