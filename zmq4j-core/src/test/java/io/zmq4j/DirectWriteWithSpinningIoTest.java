package io.zmq4j;

import java.time.Duration;

/**
 * The direct-write races of {@link DirectWriteTest} again, with an I/O thread that keeps polling
 * after work ({@link Context.Builder#ioSpin}): it then wants the output far more often while
 * the socket's thread writes, so the hand-over between the two is exercised harder.
 */
class DirectWriteWithSpinningIoTest extends DirectWriteTest {
    @Override
    Context newContext() {
        return Context.builder().ioSpin(Duration.ofMillis(1)).build();
    }
}
