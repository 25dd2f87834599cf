package io.swarmcast.campaign.runner;

import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The node's tick source: one daemon thread that sleeps until the earliest deadline (parkNanos,
 * tens of microseconds of precision) and then sends that runner its tick. Pekko's scheduler rounds
 * every delay up to its tick resolution, which costs a millisecond or more of jitter at 60 Hz.
 */
public final class TickClock {
    private static final TickClock INSTANCE = new TickClock();
    private final DelayQueue<Entry> queue = new DelayQueue<>();

    private record Entry(long deadline, ActorRef<CampaignRunner.Msg> target, CampaignRunner.Msg msg) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(deadline, ((Entry) o).deadline);
        }
    }

    private TickClock() {
        Thread t = new Thread(this::run, "swarmcast-tick-clock");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
    }

    public static TickClock get() {
        return INSTANCE;
    }

    /** Sends {@code msg} to {@code target} at {@code deadlineNanos} ({@link System#nanoTime()} time). */
    void at(long deadlineNanos, ActorRef<CampaignRunner.Msg> target, CampaignRunner.Msg msg) {
        queue.add(new Entry(deadlineNanos, target, msg));
    }

    private void run() {
        while (true) {
            try {
                Entry e = queue.take();
                e.target().tell(e.msg());
            } catch (InterruptedException ignored) {
                // daemon: keep serving
            } catch (RuntimeException e) {
                // a stopped runner's ref just drops the message; nothing else can fail here
            }
        }
    }
}
