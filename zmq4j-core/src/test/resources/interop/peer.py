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
  --heartbeat IVL,TIMEOUT
                      HEARTBEAT_IVL and HEARTBEAT_TIMEOUT in ms (libzmq sends PINGs, drops the
                      connection if nothing comes back within TIMEOUT)
  --no-reconnect      RECONNECT_IVL -1: a dropped connection stays dropped

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
    p.add_argument("--timeout", type=int, default=10000)
    p.add_argument("--maxmsgsize", type=int)
    p.add_argument("--heartbeat", help="IVL[,TIMEOUT[,TTL]] in milliseconds")
    p.add_argument("--subscribe", action="append", default=[], help="SUB/XSUB: a prefix to subscribe to (hex)")
    p.add_argument("--no-reconnect", action="store_true")
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
    for ep in a.bind:
        s.bind(ep)
    for ep in a.connect:
        s.connect(ep)
    out("READY " + s.getsockopt(zmq.LAST_ENDPOINT).decode())

    try:
        if a.role == "echo":
            for _ in range(a.count):
                s.send_multipart(s.recv_multipart(copy=True))
        elif a.role == "recv":
            for _ in range(a.count):
                print_msg(s.recv_multipart())
        elif a.role == "send":
            for m in a.msg:
                s.send_multipart(unhex(m.split(",")))
                if s.type == zmq.REQ:
                    print_msg(s.recv_multipart())
        else:
            interactive(s)
    except zmq.Again:
        sys.stderr.write("peer.py: timed out after %d ms\n" % a.timeout)
        s.close(0)
        ctx.term()
        return 3
    out("DONE")
    s.close()
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
        elif op == "recv":
            if poller.poll(cmd.get("timeout_ms", 5000)):
                print_msg(s.recv_multipart())
            else:
                out(json.dumps({"timeout": True}))
        else:
            out(json.dumps({"error": "unknown op " + op}))


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
