#!/usr/bin/python3
"""A libzmq (pyzmq) peer for zmq4j's interop tests.

Usage:
  peer.py --type TYPE (--bind EP | --connect EP)... [options] ROLE

Options:
  --identity HEX      ROUTING_ID of this socket (hex)
  --mandatory         ROUTER_MANDATORY on a ROUTER
  --count N           messages for the echo / recv roles (default 1)
  --msg HEX,HEX,...   a message for the send role (repeatable; frames comma separated,
                      an empty field is an empty frame)
  --timeout MS        give up (exit 3) when nothing happens for this long (default 10000)
  --maxmsgsize N      MAXMSGSIZE
  --plain-server      PLAIN server
  --plain-user U / --plain-pass P   PLAIN client credentials
  --curve-server SECRET_Z85          CURVE server with this secret key
  --curve-serverkey PUBLIC_Z85       CURVE client of this server (own keys from --curve-public
                      and --curve-secret, otherwise a fresh keypair)
  --zap-domain D      ZAP_DOMAIN
  --auth              run pyzmq's ThreadAuthenticator in this context, configured by:
    --auth-passwords U=P,U=P         PLAIN passwords (domain *)
    --auth-curve-allow PUBLIC_Z85    allowed CURVE client (repeatable; written as *.key certs)
    --auth-curve-any                 any CURVE client
    --auth-allow IP / --auth-deny IP address filters (repeatable)
  --props NAMES       before each message received, print {"props": {NAME: value}} for these
                      comma-separated message properties (zmq_msg_gets; missing ones omitted)
  --heartbeat IVL,TIMEOUT
                      HEARTBEAT_IVL and HEARTBEAT_TIMEOUT in ms (libzmq sends PINGs, drops the
                      connection if nothing comes back within TIMEOUT)
  --no-reconnect      RECONNECT_IVL -1: a dropped connection stays dropped
  --monitor           watch the socket's monitor events (for the interactive "events" op)

Roles:
  echo      receive --count messages, send each back unchanged (REP: the reply; ROUTER: back
            to the sender, since the routing id is the first frame; others: same socket)
  recv      receive --count messages and print each
  send      send every --msg; a REQ waits for each reply and prints it
  interactive
            read commands from stdin, one JSON object a line:
              {"op": "send", "frames": [HEX...], "retry_ms": MS}  -> {"ok": true} | {"error": NAME}
                 (retry_ms: retry EHOSTUNREACH / EAGAIN that long)
              {"op": "recv", "timeout_ms": MS}  -> {"frames": [HEX...]} | {"timeout": true}
              {"op": "events", "until": NAME, "timeout_ms": MS}
                 -> {"events": [[NAME, VALUE], ...]}  (with --monitor: the events so far, up
                 to and including the first named NAME, waiting at most MS for it)
              {"op": "quit"}

Output (stdout, one line each, flushed):
  first line: READY <endpoint>  (the endpoint actually bound, wildcard port resolved, or the
              last one connected to)
  a message:  {"frames": ["68656c6c6f", ""]}
  last line:  DONE   (then exit 0)
Errors go to stderr; exit 1 on a ZMQ error, 2 on a usage error, 3 on a timeout.
"""
import argparse
import binascii
import json
import os
import select
import sys
import time

import zmq


def hexframes(frames):
    return [binascii.hexlify(bytes(f)).decode("ascii") for f in frames]


def unhex(frames):
    return [binascii.unhexlify(f) for f in frames]


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def print_msg(frames):
    out(json.dumps({"frames": hexframes(frames)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--type", required=True)
    p.add_argument("--bind", action="append", default=[])
    p.add_argument("--connect", action="append", default=[])
    p.add_argument("--identity")
    p.add_argument("--mandatory", action="store_true")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--msg", action="append", default=[])
    p.add_argument("--repeat", type=int, default=1, help="send: the --msg list this many times")
    p.add_argument("--timeout", type=int, default=10000)
    p.add_argument("--maxmsgsize", type=int)
    p.add_argument("--plain-server", action="store_true")
    p.add_argument("--plain-user")
    p.add_argument("--plain-pass", default="")
    p.add_argument("--curve-server")
    p.add_argument("--curve-serverkey")
    p.add_argument("--curve-public")
    p.add_argument("--curve-secret")
    p.add_argument("--zap-domain")
    p.add_argument("--auth", action="store_true")
    p.add_argument("--auth-passwords")
    p.add_argument("--auth-curve-allow", action="append", default=[])
    p.add_argument("--auth-curve-any", action="store_true")
    p.add_argument("--auth-allow", action="append", default=[])
    p.add_argument("--auth-deny", action="append", default=[])
    p.add_argument("--props")
    p.add_argument("--heartbeat", help="IVL[,TIMEOUT[,TTL]] in milliseconds")
    p.add_argument("--subscribe", action="append", default=[], help="SUB/XSUB: a prefix to subscribe to (hex)")
    p.add_argument("--no-reconnect", action="store_true")
    p.add_argument("--monitor", action="store_true")
    p.add_argument("role", choices=["echo", "recv", "send", "interactive"])
    a = p.parse_args()
    if not a.bind and not a.connect:
        p.error("need --bind or --connect")

    ctx = zmq.Context()
    s = ctx.socket(getattr(zmq, a.type.upper()))
    s.setsockopt(zmq.LINGER, 2000)
    s.setsockopt(zmq.RCVTIMEO, a.timeout)
    s.setsockopt(zmq.SNDTIMEO, a.timeout)
    if a.identity is not None:
        s.setsockopt(zmq.ROUTING_ID, binascii.unhexlify(a.identity))
    if a.mandatory:
        s.setsockopt(zmq.ROUTER_MANDATORY, 1)
    if a.maxmsgsize is not None:
        s.setsockopt(zmq.MAXMSGSIZE, a.maxmsgsize)
    auth = setup_security(ctx, s, a)
    global PROPS
    PROPS = a.props.split(",") if a.props else None
    if a.heartbeat:
        hb = [int(x) for x in a.heartbeat.split(",")]
        s.setsockopt(zmq.HEARTBEAT_IVL, hb[0])
        if len(hb) > 1:
            s.setsockopt(zmq.HEARTBEAT_TIMEOUT, hb[1])
        if len(hb) > 2:
            s.setsockopt(zmq.HEARTBEAT_TTL, hb[2])
    if a.no_reconnect:
        s.setsockopt(zmq.RECONNECT_IVL, -1)
    for topic in a.subscribe:
        s.setsockopt(zmq.SUBSCRIBE, binascii.unhexlify(topic))
    global MONITOR
    if a.monitor:
        MONITOR = s.get_monitor_socket()
    for ep in a.bind:
        s.bind(ep)
    for ep in a.connect:
        s.connect(ep)
    out("READY " + s.getsockopt(zmq.LAST_ENDPOINT).decode())

    try:
        if a.role == "echo":
            for _ in range(a.count):
                s.send_multipart(recv(s))
        elif a.role == "recv":
            for _ in range(a.count):
                print_msg(recv(s))
        elif a.role == "send":
            for _ in range(a.repeat):
                for m in a.msg:
                    s.send_multipart(unhex(m.split(",")))
                    if s.type == zmq.REQ:
                        print_msg(s.recv_multipart())
        else:
            interactive(s)
    except zmq.Again:
        sys.stderr.write("peer.py: timed out after %d ms\n" % a.timeout)
        s.close(0)
        if auth is not None:
            auth.stop()
        ctx.term()
        return 3
    out("DONE")
    s.close()
    if auth is not None:
        auth.stop()
    ctx.term()
    return 0


def interactive(s):
    poller = zmq.Poller()
    poller.register(s, zmq.POLLIN)
    for line in stdin_lines(s):
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "quit":
            return
        if op == "send":
            frames = unhex(cmd["frames"])
            retry_ms = cmd.get("retry_ms", 0)
            waited = 0
            while True:
                try:
                    s.send_multipart(frames, flags=zmq.NOBLOCK)
                    out(json.dumps({"ok": True}))
                    break
                except zmq.ZMQError as e:
                    if e.errno in (zmq.EHOSTUNREACH, zmq.EAGAIN) and waited < retry_ms:
                        time.sleep(0.01)
                        waited += 10
                        continue
                    out(json.dumps({"error": zmq.strerror(e.errno) if e.errno not in ERRNAMES else ERRNAMES[e.errno]}))
                    break
        elif op == "events":
            out(json.dumps({"events": monitor_events(cmd.get("until"), cmd.get("timeout_ms", 5000))}))
        elif op == "recv":
            if poller.poll(cmd.get("timeout_ms", 5000)):
                print_msg(recv(s))
            else:
                out(json.dumps({"timeout": True}))
        else:
            out(json.dumps({"error": "unknown op " + op}))


PROPS = None
MONITOR = None
EVENT_NAMES = {getattr(zmq, n): n[len("EVENT_"):] for n in dir(zmq)
               if n.startswith("EVENT_") and n not in ("EVENT_ALL", "EVENT_ALL_V1", "EVENT_ALL_V2")}


def monitor_events(until, timeout_ms):
    """The monitor events so far, up to and including the first named until (waiting for it)."""
    import struct
    events = []
    deadline = time.time() + timeout_ms / 1000.0
    while True:
        wait = max(0, int((deadline - time.time()) * 1000)) if until else 0
        if not MONITOR.poll(wait):
            return events
        frames = MONITOR.recv_multipart()
        num, value = struct.unpack("=HI", frames[0][:6])
        name = EVENT_NAMES.get(num, str(num))
        events.append([name, value])
        if name == until:
            return events


def recv(s):
    """Receives a whole message; with --props, first prints the asked-for properties."""
    frames = s.recv_multipart(copy=False)
    if PROPS:
        props = {}
        for name in PROPS:
            try:
                props[name] = frames[0].get(name)
            except (zmq.ZMQError, KeyError):
                pass
        out(json.dumps({"props": props}))
    return [f.bytes for f in frames]


def setup_security(ctx, s, a):
    auth = None
    if a.auth:
        import tempfile
        from zmq.auth.thread import ThreadAuthenticator
        auth = ThreadAuthenticator(ctx)
        auth.start()
        for ip in a.auth_allow:
            auth.allow(ip)
        for ip in a.auth_deny:
            auth.deny(ip)
        if a.auth_passwords:
            auth.configure_plain(domain="*", passwords=dict(kv.split("=", 1) for kv in a.auth_passwords.split(",")))
        if a.auth_curve_any:
            auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
        elif a.auth_curve_allow:
            d = tempfile.mkdtemp(prefix="peerpy-certs-")
            for i, k in enumerate(a.auth_curve_allow):
                with open(os.path.join(d, "client%d.key" % i), "w") as f:
                    f.write('metadata\ncurve\n    public-key = "%s"\n' % k)
            auth.configure_curve(domain="*", location=d)
    if a.zap_domain is not None:
        s.setsockopt(zmq.ZAP_DOMAIN, a.zap_domain.encode())
    if a.plain_server:
        s.setsockopt(zmq.PLAIN_SERVER, 1)
    if a.plain_user is not None:
        s.setsockopt(zmq.PLAIN_USERNAME, a.plain_user.encode())
        s.setsockopt(zmq.PLAIN_PASSWORD, a.plain_pass.encode())
    if a.curve_server:
        s.setsockopt(zmq.CURVE_SERVER, 1)
        s.setsockopt(zmq.CURVE_SECRETKEY, a.curve_server.encode())
    if a.curve_serverkey:
        if a.curve_public and a.curve_secret:
            pub, sec = a.curve_public.encode(), a.curve_secret.encode()
        else:
            pub, sec = zmq.curve_keypair()
        s.setsockopt(zmq.CURVE_PUBLICKEY, pub)
        s.setsockopt(zmq.CURVE_SECRETKEY, sec)
        s.setsockopt(zmq.CURVE_SERVERKEY, a.curve_serverkey.encode())
    return auth


def stdin_lines(s):
    """Lines of stdin; while waiting for one, keeps calling into the socket.

    libzmq runs a socket's internal commands (pipe termination, for one) only inside a call on
    that socket from the application thread: a STREAM told to close a connection with [id, ""]
    does not close it until the next call. So an idle peer pokes the socket every 20 ms.
    """
    fd = sys.stdin.fileno()
    pending = []
    while True:
        r, _, _ = select.select([fd], [], [], 0.02)
        s.getsockopt(zmq.EVENTS)
        if not r:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            if pending:
                yield b"".join(pending).decode()
            return
        while b"\n" in chunk:
            head, chunk = chunk.split(b"\n", 1)
            pending.append(head)
            yield b"".join(pending).decode()
            pending = []
        if chunk:
            pending.append(chunk)


ERRNAMES = {zmq.EHOSTUNREACH: "EHOSTUNREACH", zmq.EAGAIN: "EAGAIN", zmq.EFSM: "EFSM"}

if __name__ == "__main__":
    sys.exit(main())
