package io.swarmcast.engine;

import java.util.Arrays;
import java.util.Locale;

/** The backends a user can ask for. */
public enum BackendKind {
    /** Calibrate the available backends on the real scene and use the fastest. */
    AUTO,
    OPENCL,
    /** Java over all cores, with the Vector API where the JDK has it. */
    JAVA,
    /** Java over all cores without the Vector API: the kernel source as written, for cross-checks. */
    JAVA_SCALAR;

    public static BackendKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown backend '" + s + "'; choose one of "
                + Arrays.stream(values()).map(BackendKind::label).toList());
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
