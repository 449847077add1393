package dev.lrsweep.driver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Spark standalone cluster for tests: a Master and two one-core Workers, each its own JVM on
 * 127.0.0.1, run from the project's own copy of Spark's jars (no Spark download). Closing it kills
 * every JVM it started, the executors the Workers launched included.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final Path sparkHome;
    private final Path logs;
    private final List<Process> daemons = new ArrayList<>();
    private final String masterUrl;
    private final int masterUiPort;

    public StandaloneCluster(Path sparkHome, Path workDir, int workers) throws IOException, InterruptedException {
        this.sparkHome = sparkHome;
        this.logs = Files.createDirectories(workDir.resolve("logs"));
        // should the test JVM die before closing the cluster, its JVMs die with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> alive().forEach(ProcessHandle::destroyForcibly)));
        int masterPort = freePort();
        masterUiPort = freePort();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        daemons.add(start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
        waitFor(() -> masterJson().isPresent(), Duration.ofMinutes(1), "the master's web UI");
        for (int i = 0; i < workers; i++) {
            Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
            daemons.add(start("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", dir.toString(), masterUrl));
        }
        waitFor(() -> masterJson().map(json -> json.contains("\"aliveworkers\" : " + workers)
                || json.contains("\"aliveworkers\":" + workers)).orElse(false), Duration.ofMinutes(1), workers + " workers");
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** Submits the application through spark-submit's own entry point; the returned process is the driver. */
    Process submit(Path applicationJar, String name, List<String> sparkOptions, List<String> arguments)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--class", SweepCli.class.getName(), "--master", masterUrl,
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.task.maxFailures=4"));
        args.addAll(sparkOptions);
        args.add(applicationJar.toString());
        args.addAll(arguments);
        return start("driver-" + name, "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
    }

    /**
     * Makes {@code sparkHome}'s {@code bin/spark-submit} a plain launcher of Spark's submit entry point on its jars,
     * with this JVM's flags (the project's copy of Spark has no scripts): what {@code bin/sweep submit} runs.
     */
    public static void installSubmitLauncher(Path sparkHome) throws IOException {
        Path submit = sparkHome.resolve("bin/spark-submit");
        Files.createDirectories(submit.getParent());
        Files.writeString(submit, "#!/usr/bin/env bash\nexec \"" + ChildJvm.java() + "\" " + String.join(" ",
                ChildJvm.flags()) + " -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        submit.toFile().setExecutable(true);
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** The executor JVMs the Workers launched and that are alive now. */
    List<ProcessHandle> executors() {
        return alive().stream().filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** Every process started by this cluster that is still alive (daemons, executors, drivers). */
    List<ProcessHandle> alive() {
        String marker = sparkHome.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(marker)).toList();
    }

    /**
     * A process's command line from {@code /proc} (the JDK's {@code ProcessHandle.Info} leaves it
     * out for many JVMs), or empty if it cannot be read.
     */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ProcessHandle process : alive()) {
            process.destroyForcibly();
        }
        for (Process daemon : daemons) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly().waitFor();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (!alive().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = ChildJvm.command(sparkHome.resolve("jars") + "/*", mainClass, List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private Optional<String> masterJson() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws IOException;
    }

    static void waitFor(Condition condition, Duration limit, String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached within " + limit + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
