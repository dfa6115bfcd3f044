/**
 * JMH microbenchmarks of the pieces on zmq4j's hot path, one class per piece, each measuring
 * one message's worth of work (average time per message plus, with {@code -prof gc}, bytes
 * allocated per message):
 *
 * <ul>
 *   <li>{@link io.zmq4j.bench.jmh.ZmtpEncoderBench}: frames into the engine's output buffer;</li>
 *   <li>{@link io.zmq4j.bench.jmh.ZmtpDecoderBench}: frames out of one read's worth of bytes;</li>
 *   <li>{@link io.zmq4j.bench.jmh.MsgQueueBench}: the pipe hand-off between two threads;</li>
 *   <li>{@link io.zmq4j.bench.jmh.SubscriptionTrieBench}: PUB/XPUB topic match;</li>
 *   <li>{@link io.zmq4j.bench.jmh.CurveBoxBench}: CURVE's MESSAGE box and unbox, the per-message
 *       cost of encryption over NULL.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar zmq4j-bench/target/zmq4j-bench.jar jmh [-prof gc] [regexp]}. The
 * internal classes are reached on the classpath (the bench jar is not a module).
 */
package io.zmq4j.bench.jmh;
