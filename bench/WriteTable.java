import org.apache.spark.sql.SparkSession;

/**
 * Writes B6's table with Spark: ROWS rows of FEATURES features x0 … drawn N(0, 1) (seeded) and a label
 * y = Σ (j + 1)/FEATURES · x_j − 1 + N(0, 0.1²), as Parquet at PATH. Run by bench.py with the driver's
 * runtime classpath: java -cp … WriteTable.java ROWS FEATURES SEED PATH
 */
public class WriteTable {
    public static void main(String[] args) {
        long rows = Long.parseLong(args[0]);
        int features = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        SparkSession spark = SparkSession.builder().master("local[*]").appName("bench: write B6's table")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        String[] columns = new String[features + 1];
        StringBuilder label = new StringBuilder("-1");
        for (int j = 0; j < features; j++) {
            columns[j] = "randn(" + (seed + j) + ") AS x" + j;
            label.append(" + ").append((j + 1.0) / features).append(" * x").append(j);
        }
        columns[features] = "id";
        spark.range(0, rows, 1, 16).selectExpr(columns)
                .selectExpr("*", label + " + 0.1 * randn(" + (seed + features) + ") AS y").drop("id")
                .write().mode("overwrite").parquet(args[3]);
        spark.stop();
    }
}
