package dev.lrsweep.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lrsweep.driver.output.ImageSamples;
import dev.lrsweep.driver.output.ResultFiles;
import dev.lrsweep.driver.output.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A convolutional network through the command line on the first 150 of the shipped digits (real Spark, local mode):
 * the report shows some of the images with their labels, the first of each class in turn, and the accuracy
 * against the step; results.json keeps the images as the CSV holds them.
 */
class ImageSweepTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final int ROWS = 150;

    @TempDir
    static Path dir;

    private static SweepCliTest.Run run;
    private static List<String> lines;

    @BeforeAll
    static void sweepTheFirstDigits() throws IOException {
        lines = Files.readAllLines(REPO.resolve("conf/examples/data/digits.csv")).subList(0, ROWS + 1);
        Files.write(dir.resolve("digits.csv"), lines);
        Path config = Files.writeString(dir.resolve("digits.yaml"), """
                name: digits-head
                data:
                  csv: {path: digits.csv, label: digit}
                  image: {shape: [1, 8, 8]}
                model:
                  layers:
                    - conv2d: {filters: 2, kernel: 3, activation: relu}
                    - max_pool: {size: 2}
                    - flatten: {}
                    - dense: {units: 10}
                init: {seed: 7}
                grid: {learning_rates: [0.01, 0.3, 3], steps: [5, 20]}
                spark: {settings: {spark.ui.enabled: "false"}}
                """);
        run = SweepCliTest.sweep("run", "--config", config.toString(), "--master", "local[2]", "--out",
                dir.resolve("out").toString());
    }

    @Test
    void resultsJsonKeepsTheFirstImageOfEachClassInTurnAsTheCsvHoldsIt() throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        ImageSamples images = ResultFiles.read(dir.resolve("out")).images();

        assertThat(images.shape()).containsExactly(1, 8, 8);
        // the digits come in order 0, 1, …, 9, 0, 1, …: the first of each class, then the second of the first two
        assertThat(images.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        for (int i = 0; i < rows.length; i++) {
            double[] csv = Arrays.stream(lines.get(rows[i] + 1).split(",")).limit(64)
                    .mapToDouble(Double::parseDouble).toArray();
            assertThat(Double.parseDouble(lines.get(rows[i] + 1).split(",")[64])).isEqualTo(images.labels()[i]);
            assertThat(images.images()[i]).as("image %d", i).containsExactly(csv);
        }
    }

    @Test
    void theReportShowsTheImagesWithTheirLabelsAndTheAccuracyAgainstTheStep() throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(dir.resolve("out/report.html"));

        assertThat(html).contains("<h3>Some of the images</h3>");
        Matcher figure = Pattern.compile("<img alt=\"image \\d+\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">"
                + "<figcaption>(\\d+)</figcaption>").matcher(html);
        StringBuilder captions = new StringBuilder();
        while (figure.find()) {
            captions.append(figure.group(2)).append(' ');
            byte[] png = java.util.Base64.getDecoder().decode(figure.group(1));
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(8);
            assertThat(image.getHeight()).isEqualTo(8);
        }
        assertThat(captions.toString()).isEqualTo("0 1 2 3 4 5 6 7 8 9 0 1 ");
        String accuracy = Files.readString(dir.resolve("out/accuracy-vs-steps.svg"));
        assertThat(accuracy).contains("Accuracy against step").contains("lr 0.01").contains("lr 3");
        SweepRecord record = ResultFiles.read(dir.resolve("out"));
        assertThat(record.rows()).allSatisfy(row -> assertThat(row.accuracy()).isBetween(0.0, 1.0));
    }
}
