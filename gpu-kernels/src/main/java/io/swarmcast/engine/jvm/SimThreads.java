package io.swarmcast.engine.jvm;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * One pool for all Java-backend simulations on this node, sized to its cores, so ten campaigns
 * share the machine instead of each starting its own threads.
 */
public final class SimThreads {
    public static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
        pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("swarmcast-sim-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);

    private SimThreads() {
    }

    public interface ChunkTask {
        void run(int chunk, int from, int to);
    }

    public static int parallelism() {
        return POOL.getParallelism();
    }

    /**
     * Runs {@code task} over [0, n) split into {@code chunks} contiguous ranges whose bounds are
     * multiples of {@code align}, and waits for all of them.
     */
    public static void forChunks(int n, int chunks, int align, ChunkTask task) {
        int per = ((n + chunks - 1) / chunks + align - 1) / align * align;
        if (chunks == 1 || n <= align) {
            task.run(0, 0, n);
            return;
        }
        RecursiveAction[] actions = new RecursiveAction[chunks];
        for (int c = 0; c < chunks; c++) {
            int chunk = c;
            int from = Math.min(n, c * per);
            int to = Math.min(n, from + per);
            actions[c] = new RecursiveAction() {
                @Override
                protected void compute() {
                    if (from < to) {
                        task.run(chunk, from, to);
                    }
                }
            };
        }
        if (!(Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL)) {
            POOL.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(actions);
                }
            });
        } else {
            RecursiveAction.invokeAll(actions);
        }
    }
}
