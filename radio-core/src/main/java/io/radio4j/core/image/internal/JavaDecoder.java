package io.radio4j.core.image.internal;

import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageException.Reason;
import io.radio4j.core.image.ImageFormat;
import io.radio4j.core.image.ImageInfo;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The pure-Java decoders: ImageIO's JDK readers (JPEG through libjpeg 6b, PNG, GIF) and the
 * TwelveMonkeys plugins (BMP, WebP). Raw samples are read from the raster and
 * converted to RGB by {@link PillowConvert}, never through Java2D colour management, so ICC profiles
 * are ignored exactly as Pillow's {@code convert("RGB")} ignores them. The JDK JPEG reader would
 * otherwise convert an ICC-tagged JPEG to sRGB by default (its first image type); it is asked for
 * the image type in the embedded profile's colour space instead, whose samples are libjpeg's RGB
 * untouched. Decoder warnings (libjpeg's
 * "premature end of data", corrupt entropy data) are failures, not silently grey pixels.
 *
 * <p>Stateless and thread-safe: a reader instance is created per call.
 */
public final class JavaDecoder {

    private static final String JDK_JPEG = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

    private JavaDecoder() {}

    /** Decodes the first frame of {@code b} to RGB, before EXIF orientation. */
    public static RgbImage decode(byte[] b, Header header) {
        ImageInfo info = header.info();
        boolean cmyk = info.format() == ImageFormat.JPEG && header.jpegComponents() == 4;
        ImageReader reader = reader(info.format());
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (!isProfileWarning(warning)) {
                warnings.add(warning);
            }
        });
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(b))) {
            reader.setInput(in, true, true);
            RgbImage rgb;
            if (cmyk) {
                // readRaster: the JDK reader's samples after upsampling, before any colour conversion.
                Raster raster = reader.readRaster(0, null);
                checkWarnings(warnings);
                byte[] samples = PillowConvert.packCmyk(raster);
                if (header.adobeTransform() == 2) {
                    PillowConvert.ycckToCmyk(samples);
                }
                rgb = PillowConvert.cmykToRgb(samples, raster.getHeight(), raster.getWidth());
            } else {
                ImageReadParam param = reader.getDefaultReadParam();
                if (info.format() == ImageFormat.JPEG) {
                    embeddedProfileType(reader).ifPresent(param::setDestinationType);
                }
                BufferedImage image = reader.read(0, param);
                checkWarnings(warnings);
                rgb = PillowConvert.toRgb(image.getRaster(), image.getColorModel());
                if (info.format() == ImageFormat.GIF
                        && (rgb.width() != info.width() || rgb.height() != info.height())) {
                    rgb = GifCanvas.place(reader, rgb, info);
                }
            }
            if (rgb.width() != info.width() || rgb.height() != info.height()) {
                throw new ImageException(
                        Reason.CORRUPT,
                        "decoded " + rgb.width() + "x" + rgb.height() + " but the header says " + info.width() + "x"
                                + info.height());
            }
            return rgb;
        } catch (ImageException e) {
            throw e;
        } catch (IOException e) {
            throw translate(e, info.format());
        } catch (RuntimeException e) {
            // Decoders signal damaged data with all kinds of unchecked exceptions (index out of
            // bounds, illegal state, negative sizes): all mean the data is corrupt.
            throw new ImageException(Reason.CORRUPT, info.format() + " data is damaged: " + e, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK JPEG reader's image type in the colour space of an embedded (non-sRGB) ICC profile:
     * reading into it skips the reader's colour conversion to sRGB. Empty without such a profile.
     */
    private static Optional<ImageTypeSpecifier> embeddedProfileType(ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier type = it.next();
            ColorSpace cs = type.getColorModel().getColorSpace();
            if (cs instanceof ICC_ColorSpace
                    && !cs.isCS_sRGB()
                    && cs.getType() == ColorSpace.TYPE_RGB
                    && type.getColorModel().getNumColorComponents() == 3) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * The JDK JPEG reader's warning for an APP2 ICC profile it cannot parse ("Embedded color profile
     * is invalid; ignored", JPEGImageReaderResources): only the profile is dropped, which Pillow
     * ignores anyway, so it is not a decoding failure.
     */
    static boolean isProfileWarning(String warning) {
        return warning != null && warning.toLowerCase(java.util.Locale.ROOT).contains("color profile");
    }

    private static void checkWarnings(List<String> warnings) {
        if (!warnings.isEmpty()) {
            String w = warnings.getFirst();
            throw new ImageException(DecoderMessages.classify(w), "decoder warning: " + w);
        }
    }

    static ImageException translate(IOException e, ImageFormat format) {
        boolean eof = e instanceof EOFException || e.getCause() instanceof EOFException;
        return new ImageException(
                eof ? Reason.TRUNCATED : DecoderMessages.classify(e.getMessage()),
                format + " data cannot be decoded: " + e.getMessage(),
                e);
    }

    private static ImageReader reader(ImageFormat format) {
        Iterator<ImageReader> it =
                ImageIO.getImageReadersByFormatName(format.name().toLowerCase(java.util.Locale.ROOT));
        ImageReader chosen = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            boolean jdkJpeg = r.getClass().getName().equals(JDK_JPEG);
            // JPEGs go to the JDK reader: TwelveMonkeys would apply ICC colour conversion, and its
            // YCCK conversion is not libjpeg's.
            if (chosen == null || (format == ImageFormat.JPEG && jdkJpeg)) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = r;
                if (format != ImageFormat.JPEG || jdkJpeg) {
                    break;
                }
            } else {
                r.dispose();
            }
        }
        if (chosen == null) {
            throw new ImageException(Reason.UNSUPPORTED_FORMAT, "no decoder for " + format + " is installed");
        }
        return chosen;
    }
}
