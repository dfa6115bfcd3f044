package io.zmq4j.internal.security;

import io.zmq4j.internal.zmtp.FrameBox;
import io.zmq4j.internal.zmtp.Mechanism;
import java.util.Map;

/**
 * What CURVE's client and server share once the handshake is done: every frame travels in a
 * MESSAGE box of the connection's {@link CurveCodec}, and the peer's metadata came in its
 * INITIATE or READY.
 */
abstract class CurveMechanism implements Mechanism {
    protected final CurveCodec codec;
    protected Map<String, byte[]> peer;

    /** {@code sendPrefix}/{@code recvPrefix}: the MESSAGE nonce prefixes of our side and the peer's. */
    CurveMechanism(String sendPrefix, String recvPrefix) {
        this.codec = new CurveCodec(sendPrefix, recvPrefix);
    }

    @Override
    public Map<String, byte[]> peerProperties() {
        return peer;
    }

    @Override
    public FrameBox box() {
        return codec;
    }
}
