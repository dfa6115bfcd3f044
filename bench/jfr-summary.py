#!/usr/bin/env python3
"""jfr-summary.py REC.jfr: allocation by class and zmq4j call site, CPU samples by top frame (JDK 17 has no `jfr view`)."""
import json, subprocess, sys, collections
f = sys.argv[1]
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, f], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]
def frames(e):
    st = e["values"].get("stackTrace") or {}
    return [fr["method"]["type"]["name"] + "." + fr["method"]["name"] for fr in (st.get("frames") or [])]
alloc = collections.Counter(); site = collections.Counter()
for e in events("jdk.ObjectAllocationSample"):
    w = e["values"]["weight"]; cls = e["values"]["objectClass"]["name"]
    fr = frames(e)
    alloc[cls] += w
    z = [x for x in fr if "zmq4j" in x][:2]
    site[(cls, " < ".join(z))] += w
tot = sum(alloc.values())
print("ALLOC total sampled weight %.1f MB" % (tot/1e6))
for (c, s), w in site.most_common(12):
    print("  %5.1f%%  %s  @ %s" % (100*w/tot, c, s))
ex = collections.Counter(); thr = collections.Counter()
evs = events("jdk.ExecutionSample")
for e in evs:
    fr = frames(e)
    if fr: ex[fr[0]] += 1
    thr[e["values"]["sampledThread"]["javaName"]] += 1
print("CPU samples %d by thread %s" % (len(evs), dict(thr)))
for m, n in ex.most_common(15):
    print("  %5.1f%%  %s" % (100*n/len(evs), m))
