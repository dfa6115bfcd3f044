#!/usr/bin/env python3
"""chart.py <compare.csv> <out.svg>: throughput (msgs/s, log scale) by message size, one panel
per transport and placement, one line per implementation. Plain python3, no packages."""
import csv
import math
import sys

COLORS = {"zmq4j": "#d62728", "jeromq": "#1f77b4", "libzmq": "#2ca02c", "raw": "#7f7f7f"}
SIZES = [8, 64, 1024, 65536]
TRANSPORTS = ["tcp", "ipc", "inproc", "tcp-curve"]
PLACEMENTS = ["split", "shared"]
PW, PH, ML, MT, MB, MR = 300, 220, 60, 30, 40, 15


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


def main(src, dst):
    data = {}
    with open(src) as f:
        for r in csv.DictReader(f):
            if r["test"] == "thr" and r["msgs_per_s"]:
                data.setdefault((r["placement"], r["transport"], r["impl"]), {})[int(r["size"])] = float(r["msgs_per_s"])
    vals = [v for d in data.values() for v in d.values() if v > 0]
    lo = 10 ** math.floor(math.log10(min(vals))) if vals else 1
    hi = 10 ** math.ceil(math.log10(max(vals))) if vals else 10
    cw, ch = ML + PW + MR, MT + PH + MB
    width, height = cw * len(TRANSPORTS), ch * len(PLACEMENTS) + 40
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (width, height),
         '<rect width="100%" height="100%" fill="white"/>']
    for pi, placement in enumerate(PLACEMENTS):
        for ti, transport in enumerate(TRANSPORTS):
            x0, y0 = ti * cw + ML, pi * ch + MT

            def X(i):
                return x0 + PW * i / (len(SIZES) - 1)

            def Y(v):
                return y0 + PH - PH * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
            o.append('<text x="%d" y="%d" font-weight="bold">%s, %s</text>' % (x0, y0 - 10, transport, placement))
            o.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#444"/>' % (x0, y0, PW, PH))
            e = math.log10(lo)
            while e <= math.log10(hi) + 1e-9:
                y = Y(10 ** e)
                o.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (x0, y, x0 + PW, y))
                o.append('<text x="%d" y="%.1f" text-anchor="end">1e%d</text>' % (x0 - 4, y + 4, round(e)))
                e += 1
            for i, s in enumerate(SIZES):
                o.append('<text x="%.1f" y="%d" text-anchor="middle">%d B</text>' % (X(i), y0 + PH + 15, s))
            for impl, color in COLORS.items():
                d = data.get((placement, transport, impl))
                if not d:
                    continue
                pts = [(X(i), Y(d[s])) for i, s in enumerate(SIZES) if d.get(s, 0) > 0]
                o.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                    color, " ".join("%.1f,%.1f" % p for p in pts)))
                for p in pts:
                    o.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (p[0], p[1], color))
    ly = height - 15
    o.append('<text x="10" y="%d">msgs/s (log) by message size:</text>' % ly)
    for k, (impl, color) in enumerate(COLORS.items()):
        lx = 200 + k * 90
        o.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            lx, ly - 10, color, lx + 16, ly, esc(impl)))
    o.append("</svg>")
    with open(dst, "w") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
