package io.radio4j.benchmarks.perfanalyzer;

/**
 * How an image travels in a request, and so how it is written into perf_analyzer's input data.
 */
public enum TensorFormat {
    /** UINT8 HWC RGB pixels, shape [H, W, 3]: radio4j's default wire format. */
    UINT8_HWC("UINT8"),
    /** FP32 CHW in [0, 1], shape [3, H, W]: the HF-style {@code pixel_values} variant. */
    FP32_CHW("FP32"),
    /**
     * FP16 CHW in [0, 1], shape [3, H, W]. perf_analyzer refuses FP16 as a JSON array, so it is
     * always written as {@code b64} (raw little-endian half floats).
     */
    FP16_CHW("FP16"),
    /** The encoded file bytes (PASSTHROUGH), UINT8 shape [n], for a server-side decoder. */
    ENCODED("UINT8");

    private final String datatype;

    TensorFormat(String datatype) {
        this.datatype = datatype;
    }

    /** The KServe v2 datatype name of the tensor. */
    public String datatype() {
        return datatype;
    }

    /** Whether perf_analyzer accepts this format only as base64. */
    public boolean base64Only() {
        return this == FP16_CHW;
    }
}
