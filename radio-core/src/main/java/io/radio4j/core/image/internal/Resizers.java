package io.radio4j.core.image.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the resizer once per JVM: the Vector API one when the incubator module is present and
 * the CPU has SIMD registers, else the scalar port. Both are byte-identical to Pillow, so the
 * choice only affects speed; it is logged with its reason.
 */
public final class Resizers {

    private static final Logger LOG = LoggerFactory.getLogger(Resizers.class);
    private static final ImageResizer SCALAR = new ScalarResizer();
    private static final ImageResizer BEST = lookup();

    private Resizers() {
    }

    /** The fastest exact resizer available. */
    public static ImageResizer best() {
        return BEST;
    }

    /** The scalar reference. */
    public static ImageResizer scalar() {
        return SCALAR;
    }

    private static ImageResizer lookup() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("image resize: scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD)");
            return SCALAR;
        }
        try {
            ImageResizer simd = (ImageResizer) Class.forName("io.radio4j.core.image.internal.SimdResizer")
                    .getDeclaredConstructor().newInstance();
            LOG.info("image resize: {}", simd.name());
            return simd;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("image resize: scalar, the SIMD resizer is unavailable: {}", e.toString());
            return SCALAR;
        }
    }
}
