package io.radio4j.core.image;

/** The accuracy/speed trade-off of one preprocessing call. */
public enum SpeedMode {
    /**
     * Byte-identical to the Python reference: {@code ImageOps.exif_transpose(Image.open(f))
     * .convert("RGB")} then Pillow's bicubic resize (Pillow 9.4). The default.
     */
    EXACT,
    /**
     * libjpeg-turbo DCT-domain downscaling (when the native library is available) and a SIMD
     * resize. Pixels may differ slightly from {@link #EXACT}; the test suite holds them to a PSNR of
     * at least 40 dB against it. Falls back to the {@link #EXACT} decoder when native decoding is
     * unavailable or switched off.
     */
    FAST,
    /**
     * No decode: the encoded bytes are kept for a server-side (GPU) decoder. Only the format and the
     * limits are checked, from the header.
     */
    PASSTHROUGH
}
