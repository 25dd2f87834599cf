package io.swarmcast.core.scene;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;

/** A point or direction in world units. Written in JSON as {@code [x, y, z]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Vec3(double x, double y, double z) {

    public static final Vec3 ZERO = new Vec3(0, 0, 0);
    public static final Vec3 UP = new Vec3(0, 1, 0);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Vec3 of(double[] xyz) {
        if (xyz == null || xyz.length != 3) {
            throw new IllegalArgumentException("a vector is an array of 3 numbers");
        }
        return new Vec3(xyz[0], xyz[1], xyz[2]);
    }

    @JsonValue
    public double[] toArray() {
        return new double[] {x, y, z};
    }

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z);
    }

    public double length() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    public double maxAbs() {
        return Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(z)));
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    @Override
    public String toString() {
        return "[" + x + ", " + y + ", " + z + "]";
    }
}
