package io.radio4j.core.image.internal;

import io.radio4j.core.image.ImageInfo;
import java.util.Objects;

/**
 * What {@link HeaderProbe} learnt beyond the public {@link ImageInfo}: the details decoders need to
 * reproduce Pillow's mode selection.
 *
 * @param info the public header facts
 * @param jpegComponents colour components of a JPEG frame (1, 3 or 4), 0 for other formats
 * @param adobeTransform the transform byte of a JPEG's Adobe APP14 segment (0 none/CMYK, 1 YCbCr,
 *     2 YCCK), -1 when absent or not a JPEG
 */
public record Header(ImageInfo info, int jpegComponents, int adobeTransform) {

    public Header {
        Objects.requireNonNull(info, "info");
    }
}
