"""Shared by bench/compare, bench/lowrate and bench/scale: build the tools, run pinned processes."""
import os
import shutil
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
JAR = os.path.join(ROOT, "zmq4j-bench", "target", "zmq4j-bench.jar")
ZPERF = os.path.join(OUT, "zperf")
CSRC = os.path.join(ROOT, "bench", "c", "zperf.c")
JAVA_OPTS = ["-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"]
# The JDK that the impl zmq4j-jdk25 runs on (the same jar, built for Java 17); BENCH_JDK25 moves it
JDK25 = os.environ.get("BENCH_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def newest_mtime(top, exts=(".java", ".xml")):
    t = 0.0
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if x not in ("target", ".git")]
        for f in files:
            if f.endswith(exts):
                t = max(t, os.path.getmtime(os.path.join(d, f)))
    return t


def core_mismatch():
    """True when the bench jar holds other zmq4j-core classes than this tree's build: ~/.m2 is
    shared, and a `-pl zmq4j-bench` build picks up whatever zmq4j-core was installed last
    (possibly another branch's). A reactor build from the root always uses this tree's."""
    import hashlib
    import zipfile
    classes = os.path.join(ROOT, "zmq4j-core", "target", "classes")
    if not os.path.isdir(classes):
        return True
    with zipfile.ZipFile(JAR) as z:
        names = set(z.namelist())
        for d, _, files in os.walk(classes):
            for f in files:
                if f.endswith(".class") and f != "module-info.class":
                    path = os.path.join(d, f)
                    name = os.path.relpath(path, classes).replace(os.sep, "/")
                    if name not in names:
                        return True
                    with open(path, "rb") as fh:
                        if hashlib.sha1(fh.read()).digest() != hashlib.sha1(z.read(name)).digest():
                            return True
    return False


def build():
    os.makedirs(OUT, exist_ok=True)
    if (not os.path.exists(JAR) or os.path.getmtime(JAR) < newest_mtime(ROOT)
            or core_mismatch()):
        # The bench classes are recompiled too: compiled against another zmq4j-core they can
        # fail at run time (NoSuchMethodError), and the compiler plugin does not notice.
        shutil.rmtree(os.path.join(ROOT, "zmq4j-bench", "target"), ignore_errors=True)
        log("building: mvn -B -q install -DskipTests")
        subprocess.run(["mvn", "-B", "-q", "install", "-DskipTests"], cwd=ROOT, check=True)
    if not os.path.exists("/usr/include/zmq.h"):
        log("installing libzmq3-dev with apt-get")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "libzmq3-dev"], check=True)
    if not os.path.exists(ZPERF) or os.path.getmtime(ZPERF) < os.path.getmtime(CSRC):
        log("compiling bench/c/zperf.c")
        subprocess.run(["gcc", "-O2", "-Wall", "-o", ZPERF, CSRC, "-lzmq", "-lpthread"], check=True)
    if not shutil.which("taskset"):
        sys.exit("taskset (util-linux) is needed for CPU placement")


def tool_cmd(impl, tool, args, curve=False):
    """The command line of one end of a run; {@code curve}: over CURVE (tcp and ipc ends only)."""
    if impl == "libzmq":
        return [ZPERF] + (["--curve"] if curve else []) + [tool] + [str(a) for a in args]
    opts, java = JAVA_OPTS, "java"
    if impl == "zmq4j-vector":  # zmq4j with the Vector API (CURVE's multi-block Salsa20)
        opts, impl = JAVA_OPTS + ["--add-modules", "jdk.incubator.vector"], "zmq4j"
    elif impl == "zmq4j-jdk25":  # the same zmq4j on Java 25 (its VarHandle queues, internal.Queues)
        java, impl = os.path.join(JDK25, "bin", "java"), "zmq4j"
        if not os.access(java, os.X_OK):
            sys.exit("zmq4j-jdk25 needs a JDK 25 at %s (set BENCH_JDK25)" % JDK25)
    return [java] + opts + ["-jar", JAR, impl + ("-curve" if curve else ""), tool] + [str(a) for a in args]


def pinned(cpus, cmd):
    return ["taskset", "-c", cpus] + cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return {"cpu": cpu, "cores": os.cpu_count(), "jdk": jdk[1] if len(jdk) > 1 else "?",
            "libzmq": "Debian libzmq5 " + subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libzmq5"],
                                                          capture_output=True, text=True).stdout}
