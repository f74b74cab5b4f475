package org.lambdamusic.batch.interactions;

import java.io.Serializable;

/**
 * A run of consecutive offsets of one partition seen by one Spark task ({@link ArchiveScan}): every
 * offset in {@code [first, last]} has at least one archive line, {@code lines} of them in all
 * (repeated copies included). A Spark bean: public, mutable, no-argument constructor.
 */
public final class PositionRun implements Serializable {
    private static final long serialVersionUID = 1L;

    private int partition;
    private long first;
    private long last;
    private long lines;

    public PositionRun() {}

    public PositionRun(int partition, long first, long last, long lines) {
        this.partition = partition;
        this.first = first;
        this.last = last;
        this.lines = lines;
    }

    public int getPartition() {
        return partition;
    }

    public void setPartition(int partition) {
        this.partition = partition;
    }

    public long getFirst() {
        return first;
    }

    public void setFirst(long first) {
        this.first = first;
    }

    public long getLast() {
        return last;
    }

    public void setLast(long last) {
        this.last = last;
    }

    public long getLines() {
        return lines;
    }

    public void setLines(long lines) {
        this.lines = lines;
    }

    @Override
    public String toString() {
        return "p" + partition + "[" + first + ".." + last + "]x" + lines;
    }
}
