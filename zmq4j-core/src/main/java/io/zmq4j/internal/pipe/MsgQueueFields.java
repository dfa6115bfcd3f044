package io.zmq4j.internal.pipe;

/**
 * The counters of {@link MsgQueue}, laid out so that what the writer stores and what the reader
 * stores sit on different cache lines: otherwise every message would bounce one line between
 * the two cores. HotSpot places a superclass's fields before its subclass's, so the padding
 * classes keep them apart.
 */
abstract class MsgQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** Written by the writer. */
abstract class MsgQueueWriterSide extends MsgQueuePad0 {
    /** Messages offered; read by the reader. */
    volatile long written;
    /** The writer's own copy of {@link #written}. */
    long writtenLocal;
    /** The writer's last look at {@code read}. */
    long readSeen;
}

abstract class MsgQueuePad1 extends MsgQueueWriterSide {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** Written by the reader. */
abstract class MsgQueueReaderSide extends MsgQueuePad1 {
    /** Messages taken; read by the writer. */
    volatile long read;
    /** The reader's own copy of {@link #read}. */
    long readLocal;
    /** The reader's last look at {@code written}. */
    long writtenSeen;
}

abstract class MsgQueuePad2 extends MsgQueueReaderSide {
    long p20, p21, p22, p23, p24, p25, p26, p27;
}
