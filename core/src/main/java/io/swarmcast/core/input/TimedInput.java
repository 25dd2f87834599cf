package io.swarmcast.core.input;

/** An input and the tick at which it takes effect: it is applied before the step from that tick. */
public record TimedInput(long tick, Input input) {
}
