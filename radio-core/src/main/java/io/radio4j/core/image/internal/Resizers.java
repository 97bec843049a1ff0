package io.radio4j.core.image.internal;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the resizer once per JVM, and logs the choice with its reason: the Vector API one when
 * the incubator module is present and {@link SimdResizer}'s constructor accepts this JVM and CPU,
 * else the scalar kernels. Both are byte-identical to Pillow, so the choice only affects speed.
 * {@code -D}{@value #RESIZER_PROPERTY}{@code =scalar} forces the scalar kernels (to compare, or to
 * rule SIMD out); {@code auto}, the default, looks up the fastest.
 */
public final class Resizers {

    /** System property read once, when this class loads: {@code scalar} or {@code auto} (the default). */
    public static final String RESIZER_PROPERTY = "radio4j.image.resizer";

    private static final Logger LOG = LoggerFactory.getLogger(Resizers.class);
    private static final ImageResizer SCALAR = new ScalarResizer();
    private static final Choice BEST = lookup(
            System.getProperty(RESIZER_PROPERTY),
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
            Resizers::newSimd);

    static {
        if (BEST.reason() != null) {
            LOG.info("image resize: {}; {}", BEST.resizer().name(), BEST.reason());
        } else {
            LOG.info("image resize: {}", BEST.resizer().name());
        }
    }

    private Resizers() {}

    /** A resizer and, when it is not the fastest kind, why. */
    record Choice(ImageResizer resizer, String reason) {}

    /** The resizer chosen when this class loaded: the fastest exact one available, unless forced. */
    public static ImageResizer best() {
        return BEST.resizer();
    }

    /** The scalar reference. */
    public static ImageResizer scalar() {
        return SCALAR;
    }

    /**
     * The choice for a value of {@link #RESIZER_PROPERTY} (null for unset), whether the JVM has the
     * Vector API module, and how the SIMD resizer is made (its constructor may refuse).
     */
    static Choice lookup(String property, boolean vectorModule, Supplier<ImageResizer> simd) {
        String mode = property == null ? "auto" : property.trim().toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("scalar")) {
            return new Choice(SCALAR, "forced by -D" + RESIZER_PROPERTY + "=scalar");
        }
        String ignored = mode.equals("auto")
                ? ""
                : "-D" + RESIZER_PROPERTY + "=" + property + " is neither scalar nor auto, ignored; ";
        if (!vectorModule) {
            return new Choice(SCALAR, ignored + "start the JVM with --add-modules jdk.incubator.vector for SIMD");
        }
        try {
            return new Choice(simd.get(), ignored.isEmpty() ? null : ignored);
        } catch (UnsupportedOperationException e) {
            return new Choice(SCALAR, ignored + "the SIMD resizer refused this JVM/CPU: " + e.getMessage());
        } catch (LinkageError e) {
            return new Choice(SCALAR, ignored + "the SIMD resizer could not be loaded: " + e);
        }
    }

    // Through reflection so that this class loads (and picks scalar) on a JVM without the Vector API module.
    private static ImageResizer newSimd() {
        try {
            return (ImageResizer) Class.forName("io.radio4j.core.image.internal.SimdResizer")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LinkageError("SimdResizer failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("SimdResizer is unavailable", e);
        }
    }
}
