package io.radio4j.benchmarks.loadgen;

/** The two kinds of sweep, named by their perf_analyzer CSV column. */
public enum LoadMode {
    /** Closed loop: a fixed number of requests in flight, each sent when the previous returns. */
    CONCURRENCY("Concurrency"),
    /** Open loop: requests start on a schedule, whether or not earlier ones have returned. */
    REQUEST_RATE("Request Rate");

    private final String column;

    LoadMode(String column) {
        this.column = column;
    }

    /** The first column's header in perf_analyzer's CSV. */
    public String column() {
        return column;
    }

    /** The mode whose first column is {@code header}, or null. */
    public static LoadMode ofColumn(String header) {
        for (LoadMode mode : values()) {
            if (mode.column.equals(header)) {
                return mode;
            }
        }
        return null;
    }
}
