package io.swarmcast.core.scene;

/** The axis-aligned box the world lives in, in world units. */
public record Bounds(Vec3 min, Vec3 max) {

    public Vec3 size() {
        return max.minus(min);
    }

    public double minSpan() {
        Vec3 s = size();
        return Math.min(s.x(), Math.min(s.y(), s.z()));
    }

    public Vec3 centre() {
        return new Vec3((min.x() + max.x()) / 2, (min.y() + max.y()) / 2, (min.z() + max.z()) / 2);
    }

    public boolean contains(Vec3 p) {
        return p.x() >= min.x() && p.x() <= max.x()
            && p.y() >= min.y() && p.y() <= max.y()
            && p.z() >= min.z() && p.z() <= max.z();
    }

    public static Bounds cube(double halfSize) {
        return new Bounds(new Vec3(-halfSize, -halfSize, -halfSize), new Vec3(halfSize, halfSize, halfSize));
    }
}
