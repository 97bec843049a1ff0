package io.radio4j.service.index.internal;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's HNSW vector format with a higher dimension limit. Lucene refuses vectors wider than
 * {@link KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS} (1024) at indexing time, but RADIO-CLIP embeddings
 * have 1536 dimensions and C-RADIOv4-H summaries 2560. The limit is only a guard in the writer: the
 * files are the standard format, so this one keeps the standard name and any Lucene reads the
 * index with the stock {@link Lucene99HnswVectorsFormat} found through SPI.
 */
public final class HighDimensionHnswFormat extends KnnVectorsFormat {

    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();
    private final int maxDimensions;

    /** @param maxDimensions the widest vector accepted */
    public HighDimensionHnswFormat(int maxDimensions) {
        super(new Lucene99HnswVectorsFormat().getName());
        this.maxDimensions = maxDimensions;
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
}
