package dev.lrsweep.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lrsweep.driver.config.CsvDataConfig;
import dev.lrsweep.driver.config.SweepInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void everyColumnButTheLabelIsAFeatureInFileOrder() throws IOException {
        write("d.csv", "a,y,b\n1,10,2\n3,30,4\n5,50,6\n");

        LoadedData data = CsvData.read(new CsvDataConfig("d.csv", "y"), dir);

        assertThat(data.dataset().rows()).isEqualTo(3);
        assertThat(data.dataset().x()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(data.dataset().y()).containsExactly(10, 30, 50);
        assertThat(data.summary().featureNames()).containsExactly("a", "b");
        assertThat(data.summary().labelName()).isEqualTo("y");
        assertThat(data.summary().sha256()).hasSize(64);
        assertThat(data.summary().columns().get(2).mean()).isEqualTo(30.0);
    }

    @Test
    void aNonNumericCellIsNamedByLineAndColumn() throws IOException {
        write("d.csv", "x0,y\n1,2\n3,four\n");

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("d.csv", "y"), dir))
                .isInstanceOf(SweepInputException.class)
                .hasMessageEndingWith("d.csv line 3, column 'y': 'four' is not a number");
    }

    @Test
    void anInfiniteCellIsRefused() throws IOException {
        write("d.csv", "x0,y\nInfinity,2\n");

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("d.csv", "y"), dir))
                .hasMessageEndingWith("d.csv line 2, column 'x0': 'Infinity' is not a finite number");
    }

    @Test
    void aMissingLabelColumnIsNamedWithTheColumnsThereAre() throws IOException {
        write("d.csv", "x0,x1\n1,2\n");

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("d.csv", "y"), dir))
                .hasMessageStartingWith("data.csv.label: column 'y' not found in ")
                .hasMessageEndingWith("(columns: x0, x1)");
    }

    @Test
    void aFileWithoutRowsIsAnEmptyDataset() throws IOException {
        write("d.csv", "x0,y\n");

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("d.csv", "y"), dir))
                .hasMessageEndingWith("d.csv: the dataset is empty (a header but no data rows)");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("nope.csv", "y"), dir))
                .isInstanceOf(SweepInputException.class)
                .hasMessage("data.csv.path: " + dir.resolve("nope.csv") + ": no such file");
    }

    @Test
    void aDirectoryIsNotAReadableFile() throws IOException {
        Files.createDirectory(dir.resolve("folder.csv"));

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("folder.csv", "y"), dir))
                .hasMessage("data.csv.path: " + dir.resolve("folder.csv") + ": not a regular file");
    }

    @Test
    void aShortRowIsNamedByLine() throws IOException {
        write("d.csv", "x0,x1,y\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("d.csv", "y"), dir))
                .hasMessageEndingWith("d.csv line 3: 2 cells, expected 3");
    }
}
