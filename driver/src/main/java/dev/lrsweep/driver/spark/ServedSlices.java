package dev.lrsweep.driver.spark;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.descent.RowSums;
import dev.lrsweep.worker.descent.SliceSums;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.reflect.ClassTag$;

/**
 * Slices cached in the executors' memory, served for the whole of a fit: one Spark job whose tasks, one per
 * partition, each hold their partition's slices and answer the descent's requests over a socket to this driver
 * ({@link SliceServer}); the driver adds the answers in partition order. A Spark job per request costs 15–20 ms in
 * local mode, more on a cluster; a request here costs a round trip.
 *
 * <p>The job is a barrier stage, so that its tasks run all at once or not at all, and a task that fails brings the
 * stage's other tasks down and Spark retries them together: the connections of one attempt of the stage live and die
 * together, and a request that met a failed attempt is asked again of the next one. Spark allows a barrier stage
 * only where the cluster has a slot for each of its tasks and does not add and remove executors as it goes
 * ({@link #serves}).
 */
final class ServedSlices implements AutoCloseable {
    /** How long a connecting task has to say who it is. */
    private static final int HELLO_MILLIS = 10_000;
    /**
     * How long the tasks of one attempt of the stage may take to connect once the first has: Spark launches them
     * together, so a task still missing then is not coming.
     */
    private static final long ATTEMPT_CONNECTS_SECONDS = 120;
    /** How long the tasks have to end once told the fit is done. */
    private static final long END_SECONDS = 30;

    private final ServerSocketChannel server;
    private final long token;
    private final int tasks;
    private final JavaFutureAction<Long> job;
    /** The newest attempt of the stage that connected, and its tasks' connections by partition; guarded by this. */
    private int attempt = -1;
    private final Map<Integer, Connection> connected = new TreeMap<>();
    /** When the newest attempt's first task connected (System.nanoTime); guarded by this. */
    private long attemptConnected;

    private ServedSlices(ServerSocketChannel server, long token, int tasks, JavaRDD<SliceServer.Held> held,
                         FaultInjection faults) {
        this.server = server;
        this.token = token;
        this.tasks = tasks;
        InetSocketAddress address = (InetSocketAddress) serverAddress(server);
        String host = held.context().getConf().get("spark.driver.host");
        // a shuffle after the stage: Spark retries a failed barrier stage only where it is not the job's last
        job = held.rdd().barrier().mapPartitions(new SliceServer(host, address.getPort(), token, faults), false,
                ClassTag$.MODULE$.apply(Integer.class)).toJavaRDD().repartition(1).countAsync();
        Thread acceptor = new Thread(this::accept, "lrsweep slices' connections");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Whether these slices can be served: cached in memory, at most one partition for each slot of the cluster, the
     * held-out slices (or null) in as many partitions, each computed from RDDs of that many partitions
     * ({@link Slices#evenLineage}), and no dynamic allocation of executors.
     */
    static boolean serves(JavaRDD<Dataset> slices, JavaRDD<Dataset> heldOut) {
        int partitions = slices.getNumPartitions();
        SparkConf conf = slices.context().getConf();
        boolean dynamic = conf.getBoolean("spark.dynamicAllocation.enabled", false)
                && !conf.get("spark.master", "").startsWith("local");
        return slices.getStorageLevel().useMemory() && !dynamic && partitions <= slots(slices.context())
                && Slices.evenLineage(slices.rdd(), partitions)
                && (heldOut == null || Slices.evenLineage(heldOut.rdd(), partitions));
    }

    /** The tasks the cluster runs at once: the partitions a served fit's slices take at most. */
    static int slots(org.apache.spark.SparkContext spark) {
        return Math.max(1, spark.maxNumConcurrentTasks(spark.resourceProfileManager().defaultResourceProfile()));
    }

    /** Starts the tasks that serve the slices ({@link #serves} them) and the driver's end of their connections. */
    static ServedSlices start(JavaRDD<Dataset> slices, JavaRDD<Dataset> heldOut) {
        JavaRDD<SliceServer.Held> held = heldOut == null
                ? slices.mapPartitions(fitted -> List.of(new SliceServer.Held(list(fitted), List.of())).iterator())
                : slices.zipPartitions(heldOut, (fitted, out) -> List.of(new SliceServer.Held(list(fitted), list(out)))
                        .iterator());
        SparkConf conf = slices.context().getConf();
        String bind = conf.get("spark.driver.bindAddress", conf.get("spark.driver.host"));
        try {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(bind, 0));
            return new ServedSlices(server, new SecureRandom().nextLong(), slices.getNumPartitions(), held,
                    FaultInjection.of(conf));
        } catch (IOException e) {
            throw new UncheckedIOException("data parallelism: cannot listen for the slices' tasks on " + bind, e);
        }
    }

    /** The sums over the fitted slices. */
    RowSums fitted() {
        return request -> sum(new SliceServer.Query(request, false));
    }

    /** The sums over the held-out slices. */
    RowSums heldOut() {
        return request -> sum(new SliceServer.Query(request, true));
    }

    private SliceSums sum(SliceServer.Query query) {
        while (true) {
            List<Connection> all = awaitAll();
            try {
                for (Connection connection : all) {
                    connection.out.writeObject(query);
                    connection.out.reset();
                    connection.out.flush();
                }
                SliceSums total = SliceSums.none(query.request());
                for (Connection connection : all) {
                    total.add((SliceSums) connection.in.readObject());
                }
                return total;
            } catch (ClosedByInterruptException | InterruptedIOException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the slices summed", interrupted);
            } catch (IOException failed) {
                // a task of this attempt failed: Spark ends the attempt's other tasks and runs them all again
                abandon(all.get(0).attempt);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("a slice's task sent an object of an unknown class", e);
            }
        }
    }

    /** Every task's connection of the newest attempt, in partition order, once all have connected. */
    private synchronized List<Connection> awaitAll() {
        while (connected.size() < tasks) {
            if (job.isDone()) {
                throw new IllegalStateException("data parallelism: the slices' tasks ended before the fit: "
                        + failure());
            }
            if (!connected.isEmpty() && System.nanoTime() - attemptConnected
                    > TimeUnit.SECONDS.toNanos(ATTEMPT_CONNECTS_SECONDS)) {
                throw new IllegalStateException("data parallelism: " + connected.size() + " of the " + tasks
                        + " tasks holding the slices connected to the driver, the others not in "
                        + ATTEMPT_CONNECTS_SECONDS + " s");
            }
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the slices' tasks started", e);
            }
        }
        return new ArrayList<>(connected.values());
    }

    private String failure() {
        try {
            job.get();
            return "all ended well";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // Spark's message of an aborted stage goes on with the failed task's trace
            return cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage().lines().findFirst().orElse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Closes the connections of a failed attempt of the stage, so that its tasks still waiting end too. */
    private synchronized void abandon(int failed) {
        if (attempt == failed) {
            connected.values().forEach(Connection::close);
            connected.clear();
        }
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Connection connection = hello(channel);
                if (connection != null) {
                    admit(connection);
                }
            } catch (IOException | RuntimeException e) {
                close(channel);
            }
        }
    }

    /** The connection of a task that showed the token, or null (closed) for anything else. */
    private Connection hello(SocketChannel channel) throws IOException {
        channel.socket().setSoTimeout(HELLO_MILLIS);
        channel.socket().setTcpNoDelay(true);
        DataInputStream hello = new DataInputStream(channel.socket().getInputStream());
        if (hello.readLong() != token) {
            close(channel);
            return null;
        }
        int stageAttempt = hello.readInt();
        int partition = hello.readInt();
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        out.flush();
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        channel.socket().setSoTimeout(0);
        return new Connection(channel, stageAttempt, partition, out, in);
    }

    /** Takes a task's connection: a newer attempt's replaces every older one, an older attempt's is closed. */
    private synchronized void admit(Connection connection) {
        if (connection.attempt < attempt) {
            connection.close();
            return;
        }
        if (connection.attempt > attempt || connected.isEmpty()) {
            connected.values().forEach(Connection::close);
            connected.clear();
            attempt = connection.attempt;
            attemptConnected = System.nanoTime();
        }
        Connection previous = connected.put(connection.partition, connection);
        if (previous != null) {
            previous.close();
        }
        notifyAll();
    }

    /** Tells the tasks the fit is done, waits for their job to end, and stops listening. */
    @Override
    public void close() {
        List<Connection> open;
        synchronized (this) {
            open = new ArrayList<>(connected.values());
            connected.clear();
        }
        for (Connection connection : open) {
            try {
                connection.out.writeObject(null);
                connection.out.flush();
            } catch (IOException alreadyGone) {
                // its task ends on the closed connection all the same
            }
            connection.close();
        }
        close(server);
        try {
            job.get(END_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            job.cancel(true);
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
        }
    }

    private static List<Dataset> list(java.util.Iterator<Dataset> slices) {
        List<Dataset> all = new ArrayList<>();
        slices.forEachRemaining(all::add);
        return Collections.unmodifiableList(all);
    }

    private static java.net.SocketAddress serverAddress(ServerSocketChannel server) {
        try {
            return server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing: nothing is lost
        }
    }

    /** One task's connection. */
    private record Connection(SocketChannel channel, int attempt, int partition, ObjectOutputStream out,
                              ObjectInputStream in) {
        void close() {
            ServedSlices.close(channel);
        }
    }
}
