package io.radio4j.core.image.internal;

import io.radio4j.core.image.ImageInfo;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

/**
 * Places a GIF first frame smaller than the logical screen at its offset on a black canvas (the
 * JDK reader returns the frame alone; Pillow returns the screen). Pillow fills the uncovered area
 * with the background or transparent index, so this matches only when that index is black; full
 * screen frames, the common case, are not affected.
 */
final class GifCanvas {

    private GifCanvas() {}

    static RgbImage place(ImageReader reader, RgbImage frame, ImageInfo info) throws IOException {
        int left = 0;
        int top = 0;
        IIOMetadata meta = reader.getImageMetadata(0);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_gif_image_1.0");
        var nodes = root.getElementsByTagName("ImageDescriptor");
        if (nodes.getLength() > 0) {
            IIOMetadataNode d = (IIOMetadataNode) nodes.item(0);
            left = Integer.parseInt(d.getAttribute("imageLeftPosition"));
            top = Integer.parseInt(d.getAttribute("imageTopPosition"));
        }
        byte[] canvas = new byte[Math.multiplyExact(Math.multiplyExact(info.width(), info.height()), 3)];
        for (int y = 0; y < frame.height(); y++) {
            int cy = y + top;
            if (cy >= info.height()) {
                break;
            }
            int n = Math.min(frame.width(), info.width() - left);
            if (n > 0) {
                System.arraycopy(frame.rgb(), y * frame.width() * 3, canvas, (cy * info.width() + left) * 3, n * 3);
            }
        }
        return new RgbImage(info.height(), info.width(), canvas);
    }
}
