"""Opens COUNT TCP connections to 127.0.0.1:PORT and never sends a byte on them.

    half_open.py COUNT PORT

Sources rotate over 127.0.0.2..., 25,000 connections each, so the ephemeral ports of one
source address do not run out. Prints "connected COUNT" once every connection is established,
then "closed COUNT" once the peer has closed every one of them; ends with its stdin.
"""

import resource
import select
import socket
import sys
import threading
import os


def main():
    count, port = int(sys.argv[1]), int(sys.argv[2])
    want = count + 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    conns = []
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.bind(("127.0.0.%d" % (2 + i // 25000), 0))
        s.settimeout(30)
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        conns.append(s)
    print("connected %d" % count, flush=True)
    ep = select.epoll()
    for s in conns:
        ep.register(s.fileno(), select.EPOLLIN | select.EPOLLRDHUP)
    by_fd = {s.fileno(): s for s in conns}
    closed = 0
    while closed < count:
        for fd, _ in ep.poll():
            s = by_fd.pop(fd, None)
            if s is None:
                continue
            try:
                data = s.recv(4096)  # the greeting, then the end
                if data:
                    by_fd[fd] = s
                    continue
            except BlockingIOError:
                by_fd[fd] = s
                continue
            except ConnectionResetError:
                pass
            ep.unregister(fd)
            s.close()
            closed += 1
    print("closed %d" % closed, flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
