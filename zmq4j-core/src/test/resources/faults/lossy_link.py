"""A lossy point-to-point IPv4 link between this network namespace and a new one.

The kernel here has no sch_netem, so the link is emulated in user space: two TUN devices, one
left in the caller's namespace and one moved into a namespace made for the run; every packet
either side sends is read from one device and written to the other after the configured loss,
delay (normal, mean and deviation), and duplication. Packets whose delays cross come out of
order, as with netem's jitter. Real TCP stacks on both sides see a real lossy link, and nothing
leaves the two namespaces.

    lossy_link.py NAME NET          e.g. zq1234a 10.77.3   (addresses NET.1 here, NET.2 there)

Commands on stdin, one per line, each answered with "ok" (or "error ..."):
    set LOSS DELAY_MS JITTER_MS DUPLICATE     fractions and milliseconds
    down / up                                  ip link set down / up on the namespace's device
    stats                                      "stats forwarded dropped duplicated cut"
    quit                                       (or end of input) removes the namespace and devices
"""

import fcntl
import heapq
import os
import random
import select
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def ip(*args):
    subprocess.run(["ip", *args], check=True, stdout=subprocess.DEVNULL)


def main():
    name, net = sys.argv[1], sys.argv[2]
    ns, here, there = name, name + "h", name + "t"
    near, far = net + ".1", net + ".2"
    fd_here, fd_there = tun(here), tun(there)
    try:
        ip("netns", "add", ns)
        ip("link", "set", there, "netns", ns)
        ip("addr", "add", near, "peer", far, "dev", here)
        ip("link", "set", here, "up")
        ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", ns, "addr", "add", far, "peer", near, "dev", there)
        ip("-n", ns, "link", "set", there, "up")
        run(ns, there, fd_here, fd_there)
    finally:
        os.close(fd_here)
        os.close(fd_there)
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def run(ns, there, fd_here, fd_there):
    loss, delay, jitter, dup = 0.0, 0.0, 0.0, 0.0
    forwarded = dropped = duplicated = cut = 0
    pending = []  # (due, seq, fd, packet)
    seq = 0
    rnd = random.Random(int(os.environ.get("LOSSY_LINK_SEED", "0")) or None)
    stdin = sys.stdin.fileno()
    other = {fd_here: fd_there, fd_there: fd_here}
    print("ready", flush=True)
    buffered = b""
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, fd, packet = heapq.heappop(pending)
            try:
                os.write(fd, packet)
                forwarded += 1
            except OSError:
                cut += 1  # the device is down: the packet is lost, as on a pulled cable
        timeout = max(0.0, pending[0][0] - now) if pending else None
        readable, _, _ = select.select([stdin, fd_here, fd_there], [], [], timeout)
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                buffered += chunk
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    words = line.decode().split()
                    if not words:
                        continue
                    try:
                        if words[0] == "quit":
                            return
                        if words[0] == "set":
                            loss, delay, jitter, dup = (float(w) for w in words[1:5])
                        elif words[0] in ("down", "up"):
                            ip("-n", ns, "link", "set", there, words[0])
                        elif words[0] == "stats":
                            print("stats %d %d %d %d" % (forwarded, dropped, duplicated, cut), flush=True)
                            continue
                        else:
                            raise ValueError("unknown command " + words[0])
                        print("ok", flush=True)
                    except (ValueError, subprocess.CalledProcessError) as e:
                        print("error " + str(e), flush=True)
                continue
            while True:
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break  # a device going down
                copies = 1
                if rnd.random() < loss:
                    dropped += 1
                    continue
                if rnd.random() < dup:
                    duplicated += 1
                    copies = 2
                for _ in range(copies):
                    wait = max(0.0, rnd.gauss(delay, jitter)) / 1000.0 if delay or jitter else 0.0
                    seq += 1
                    heapq.heappush(pending, (time.monotonic() + wait, seq, other[fd], packet))


if __name__ == "__main__":
    main()
