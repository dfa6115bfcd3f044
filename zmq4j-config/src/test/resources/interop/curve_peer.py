"""A libzmq peer configured by hand, for zmq4j-config's interop test.

bind:    ROUTER, CURVE server, heartbeat; prints READY <endpoint>, answers each request with
         pong, exits after 2.
connect: DEALER, CURVE client, heartbeat; connects, prints READY, idles 1 s (heartbeats only),
         sends ping twice, prints GOT <reply> for each.
Arguments: mode endpoint server_public server_secret client_public client_secret ivl timeout ttl (ms)
"""
import sys
import time
import zmq

mode, endpoint, server_public, server_secret, client_public, client_secret = sys.argv[1:7]
ivl, timeout, ttl = (int(x) for x in sys.argv[7:10])

ctx = zmq.Context()
s = ctx.socket(zmq.ROUTER if mode == "bind" else zmq.DEALER)
s.setsockopt(zmq.HEARTBEAT_IVL, ivl)
s.setsockopt(zmq.HEARTBEAT_TIMEOUT, timeout)
s.setsockopt(zmq.HEARTBEAT_TTL, ttl)
s.setsockopt(zmq.LINGER, 0)
s.setsockopt(zmq.RCVTIMEO, 10000)
if mode == "bind":
    s.curve_server = True
    s.curve_secretkey = server_secret.encode()
    s.bind(endpoint)
    print("READY " + s.getsockopt(zmq.LAST_ENDPOINT).decode(), flush=True)
    for _ in range(2):
        ident, request = s.recv_multipart()
        s.send_multipart([ident, b"pong"])
    time.sleep(0.5)  # let the last reply leave before the context goes
else:
    s.curve_serverkey = server_public.encode()
    s.curve_publickey = client_public.encode()
    s.curve_secretkey = client_secret.encode()
    s.connect(endpoint)
    print("READY " + endpoint, flush=True)
    time.sleep(1.0)
    for _ in range(2):
        s.send(b"ping")
        print("GOT " + s.recv().decode(), flush=True)
s.close()
ctx.term()
