package dev.lrsweep.driver.spark;

import dev.lrsweep.worker.Dataset;
import dev.lrsweep.worker.descent.SliceEvaluator;
import dev.lrsweep.worker.descent.SliceRequest;
import dev.lrsweep.worker.descent.SliceSums;
import dev.lrsweep.worker.graph.NativeThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.runtime.AbstractFunction1;

/**
 * One task of {@link ServedSlices}' stage, on an executor: it holds its partition's slices (the fitted rows' and the
 * held-out rows') for the whole fit, connects to the driver, and answers each {@link Query} with the sums over its
 * slices, added in their order, until the driver says the fit is done. A task whose connection ends before that
 * fails: a task of a barrier stage that ended well keeps its output (here, of a shuffle) and is not run again with
 * the stage's next attempt, which would then lack a task the driver waits for.
 */
final class SliceServer extends AbstractFunction1<Iterator<SliceServer.Held>, Iterator<Integer>>
        implements Serializable {
    private final String host;
    private final int port;
    private final long token;
    private final FaultInjection faults;

    /** A partition's slices: the fitted rows' and the held-out rows'. */
    record Held(List<Dataset> fitted, List<Dataset> heldOut) implements Serializable {
    }

    /** What the driver asks: the request's sums over the fitted slices or the held-out ones. */
    record Query(SliceRequest request, boolean heldOut) implements Serializable {
    }

    /**
     * @param host   the driver's address, as the executors reach it
     * @param port   the port {@link ServedSlices} listens on
     * @param token  the secret a task shows first, so that nothing else is taken for one
     * @param faults where the first attempt of the stage fails on purpose: its first task's after two answers
     */
    SliceServer(String host, int port, long token, FaultInjection faults) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.faults = faults;
    }

    @Override
    public Iterator<Integer> apply(Iterator<Held> partition) {
        TaskContext task = TaskContext.get();
        NativeThreads.limitTo(task.cpus());
        Held held = partition.next();
        Socket socket;
        try {
            socket = new Socket(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("data parallelism: the task of partition " + task.partitionId()
                    + " could not reach the driver at " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        try (socket) {
            socket.setTcpNoDelay(true);
            DataOutputStream hello = new DataOutputStream(socket.getOutputStream());
            hello.writeLong(token);
            hello.writeInt(task.stageAttemptNumber());
            hello.writeInt(task.partitionId());
            hello.flush();
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream()));
            int answered = 0;
            for (Query query = next(in); query != null; query = next(in)) {
                if (faults.failFirstAttempt() && task.stageAttemptNumber() == 0 && task.partitionId() == 0
                        && answered++ == 2) {
                    throw new IllegalStateException("injected fault: first attempt of the slices' stage");
                }
                out.writeObject(sums(query.heldOut() ? held.heldOut() : held.fitted(), query.request()));
                // the same objects are not sent twice: without a reset the stream would keep every one it wrote
                out.reset();
                out.flush();
            }
        } catch (IOException e) {
            // the driver stopped, or gave up this attempt of the stage: the task fails, so that Spark keeps no output
            // of it and runs every task of the stage again where it runs the stage again
            throw new UncheckedIOException("data parallelism: the driver at " + host + ":" + port
                    + " ended the connection of partition " + task.partitionId() + " before the fit's end", e);
        }
        return Iterator$.MODULE$.empty();
    }

    /** The driver's next query, or null where it says the fit is done. */
    private static Query next(ObjectInputStream in) throws IOException {
        try {
            return (Query) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the driver sent an object of an unknown class", e);
        }
    }

    private static SliceSums sums(List<Dataset> slices, SliceRequest request) {
        SliceSums sums = SliceSums.none(request);
        for (Dataset slice : slices) {
            sums.add(SliceEvaluator.sums(slice, request));
        }
        return sums;
    }
}
