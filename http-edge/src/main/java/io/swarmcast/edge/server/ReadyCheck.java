package io.swarmcast.edge.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management readiness check ({@code /ready}): ready once this node's HTTP server is bound and
 * the demo campaign (if enabled) exists, and no longer once shutdown begins.
 */
public final class ReadyCheck implements Supplier<CompletionStage<Boolean>> {
    static final AtomicBoolean READY = new AtomicBoolean();

    public ReadyCheck(ActorSystem system) {
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(READY.get());
    }
}
