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

    private LoadedData read(String name) {
        return CsvData.read(new CsvDataConfig(name, "y"), dir, (rows, features) -> { }, false);
    }

    @Test
    void everyColumnButTheLabelIsAFeatureInFileOrder() throws IOException {
        write("d.csv", "a,y,b\n1,10,2\n3,30,4\n5,50,6\n");

        LoadedData data = read("d.csv");

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

        assertThatThrownBy(() -> read("d.csv"))
                .isInstanceOf(SweepInputException.class)
                .hasMessageEndingWith("d.csv line 3, column 'y': 'four' is not a number");
    }

    @Test
    void anInfiniteCellIsRefused() throws IOException {
        write("d.csv", "x0,y\nInfinity,2\n");

        assertThatThrownBy(() -> read("d.csv"))
                .hasMessageEndingWith("d.csv line 2, column 'x0': 'Infinity' is not a finite number");
    }

    @Test
    void aMissingLabelColumnIsNamedWithTheColumnsThereAre() throws IOException {
        write("d.csv", "x0,x1\n1,2\n");

        assertThatThrownBy(() -> read("d.csv"))
                .hasMessageStartingWith("data.csv.label: column 'y' not found in ")
                .hasMessageEndingWith("(columns: x0, x1)");
    }

    @Test
    void aFileWithoutRowsIsAnEmptyDataset() throws IOException {
        write("d.csv", "x0,y\n");

        assertThatThrownBy(() -> read("d.csv"))
                .hasMessageEndingWith("d.csv: the dataset is empty (a header but no data rows)");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> read("nope.csv"))
                .isInstanceOf(SweepInputException.class)
                .hasMessage("data.csv.path: " + dir.resolve("nope.csv") + ": no such file");
    }

    @Test
    void aDirectoryIsNotAReadableFile() throws IOException {
        Files.createDirectory(dir.resolve("folder.csv"));

        assertThatThrownBy(() -> read("folder.csv"))
                .hasMessage("data.csv.path: " + dir.resolve("folder.csv") + ": not a regular file");
    }

    @Test
    void aShortRowIsNamedByLine() throws IOException {
        write("d.csv", "x0,x1,y\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> read("d.csv"))
                .hasMessageEndingWith("d.csv line 3: 2 cells, expected 3");
    }

    /** Files from Excel or Windows: a UTF-8 byte-order mark is dropped, UTF-16 with a mark is decoded, CRLF is fine. */
    @Test
    void byteOrderMarksAndWindowsLineEndsAreReadCorrectly() throws IOException {
        byte[] text = "x0,y\r\n1,2\r\n3,4\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("bom8.csv"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text));
        Files.write(dir.resolve("bom16.csv"), concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "x0,y\r\n1,2\r\n3,4\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));

        for (String name : new String[] {"bom8.csv", "bom16.csv"}) {
            LoadedData data = read(name);
            assertThat(data.summary().featureNames()).as(name).containsExactly("x0");
            assertThat(data.dataset().y()).as(name).containsExactly(2, 4);
        }
    }

    @Test
    void bytesThatAreNotUtf8AreOneClearLine() throws IOException {
        Files.write(dir.resolve("latin1.csv"), "x0,y\n1,2\n3,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("utf16.csv"), "x0,y\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));

        assertThatThrownBy(() -> read("latin1.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageEndingWith("latin1.csv: not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')");
        assertThatThrownBy(() -> read("utf16.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageContaining("not UTF-8 text").hasMessageContaining("UTF-16 without a byte-order mark");
    }

    /** European Excel writes semicolons; a tab-separated export, tabs: say so instead of "column not found". */
    @Test
    void aFileSeparatedByOtherThanCommasSaysSo() throws IOException {
        write("semicolons.csv", "x;y\n1,5;2\n");
        write("tabs.csv", "x\ty\n1\t2\n");

        assertThatThrownBy(() -> read("semicolons.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageContaining("the header is one column, 'x;y': the file looks separated by ';', not commas");
        assertThatThrownBy(() -> read("tabs.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageContaining("looks separated by tabs");
    }

    @Test
    void anEmptyFileSaysItIsEmpty() throws IOException {
        write("empty.csv", "");

        assertThatThrownBy(() -> read("empty.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageContaining("empty.csv: the file is empty");
    }

    /** x,y,y would make the second y a feature: the label would leak into the inputs. */
    @Test
    void aColumnNamedTwiceIsAnError() throws IOException {
        write("twice.csv", "x,y,y\n1,2,2\n");

        assertThatThrownBy(() -> read("twice.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageEndingWith("twice.csv: the header names column 'y' twice (columns: x, y, y)");
    }

    @Test
    void valuesWhoseSquaresOverflowAreRefusedNamingTheColumn() throws IOException {
        write("huge.csv", "x0,y\n1e200,1\n-3e200,2\n");

        assertThatThrownBy(() -> read("huge.csv")).isInstanceOf(SweepInputException.class)
                .hasMessageContaining("column 'x0' holds values up to 3.0E200, whose squares overflow");
    }

    @Test
    void theSizeCheckIsAskedBeforeTheReaderMakesRoomForMoreRows() throws IOException {
        StringBuilder text = new StringBuilder("x0,y\n");
        for (int i = 0; i < 3000; i++) {
            text.append(i).append(',').append(2 * i).append('\n');
        }
        write("big.csv", text.toString());

        assertThatThrownBy(() -> CsvData.read(new CsvDataConfig("big.csv", "y"), dir, (rows, features) -> {
            if (rows > 2048) {
                throw new SweepInputException("data.csv.path: too big at " + rows + " rows");
            }
        }, false)).hasMessage("data.csv.path: too big at 4096 rows");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
