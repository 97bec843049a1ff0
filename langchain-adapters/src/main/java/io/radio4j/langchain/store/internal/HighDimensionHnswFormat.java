package io.radio4j.langchain.store.internal;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * One of Lucene's HNSW vector formats with a higher dimension limit. Lucene refuses vectors wider
 * than {@link KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS} (1024) at indexing time, but RADIO-CLIP
 * embeddings have 1536 dimensions and C-RADIOv4-H summaries 2560. The limit is only a guard in the
 * writer: the files are the standard format's, so this one keeps the standard name and any Lucene
 * reads the index with the stock format found through SPI (the graph and quantization parameters
 * only matter when writing).
 */
public final class HighDimensionHnswFormat extends KnnVectorsFormat {

    private final KnnVectorsFormat delegate;
    private final int maxDimensions;

    private HighDimensionHnswFormat(KnnVectorsFormat delegate, int maxDimensions) {
        super(delegate.getName());
        this.delegate = delegate;
        this.maxDimensions = maxDimensions;
    }

    /**
     * @param encoding the scalar quantization of the graph's vectors, or null for float32 only
     * @param maxConn HNSW neighbours per node (Lucene's default 16)
     * @param beamWidth HNSW candidates kept while inserting (Lucene's default 100)
     * @param graphThreshold segments with fewer than about {@code graphThreshold × ln(size)} vectors
     *     get no graph and are searched exhaustively (Lucene's tiny-segment threshold; default 100)
     * @param maxDimensions the widest vector accepted
     */
    public static HighDimensionHnswFormat of(
            ScalarEncoding encoding, int maxConn, int beamWidth, int graphThreshold, int maxDimensions) {
        KnnVectorsFormat delegate = encoding == null
                ? new Lucene99HnswVectorsFormat(maxConn, beamWidth, 1, null, graphThreshold)
                : new Lucene104HnswScalarQuantizedVectorsFormat(encoding, maxConn, beamWidth, 1, null, graphThreshold);
        return new HighDimensionHnswFormat(delegate, maxDimensions);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return maxDimensions;
    }

    @Override
    public String toString() {
        return "HighDimensionHnswFormat(" + delegate + ", maxDimensions=" + maxDimensions + ")";
    }
}
