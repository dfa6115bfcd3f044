/*
 * zperf: the libzmq side of zmq4j's side-by-side benchmarks. Our own code (not libzmq's perf
 * sources), written to the same contract so the output can be parsed alike:
 *
 *   zperf local_thr  <bind-to> <message-size> <message-count>      PULL, prints the rate
 *   zperf remote_thr <connect-to> <message-size> <message-count>   PUSH
 *   zperf local_lat  <bind-to> <message-size> <roundtrip-count>    REP, echoes
 *   zperf remote_lat <connect-to> <message-size> <roundtrip-count> REQ, prints the latency
 *   zperf inproc_thr <message-size> <message-count>
 *   zperf inproc_lat <message-size> <roundtrip-count>
 *   zperf lowrate_lat <connect-to> <message-size> <count> [rate=1000]   p50/p99 at a low rate
 *   zperf --curve <one of the four tcp/ipc ends above>   the same over CURVE: the binding end is
 *         the CURVE server (the fixed secret key 1, 2, ..., 32, as the Java tools' server), the
 *         connecting end a client with a fresh key pair
 *
 * Throughput is timed from the first message received to the last; latency is
 * elapsed / (2 * roundtrips). Every sent message below 32 KiB is a fresh zmq_msg_init_size,
 * zeroed like the Java tools' fresh byte[]; from 32 KiB one static buffer is sent without a
 * copy, like the Java tools' direct ByteBuffer (see send_fresh).
 *
 * Build: gcc -O2 -o zperf zperf.c -lzmq -lpthread
 */
#define _GNU_SOURCE
#include <zmq.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what)
{
    fprintf(stderr, "zperf: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static void print_thr(int size, long count, uint64_t elapsed_us)
{
    if (elapsed_us == 0)
        elapsed_us = 1;
    unsigned long thr = (unsigned long) ((double) count / (double) elapsed_us * 1000000.0);
    double mbits = (double) thr * size * 8 / 1000000.0;
    printf("message size: %d [B]\n", size);
    printf("message count: %ld\n", count);
    printf("mean throughput: %lu [msg/s]\n", thr);
    printf("mean throughput: %.3f [Mb/s]\n", mbits);
}

static void print_lat(int size, long rts, uint64_t elapsed_us)
{
    printf("message size: %d [B]\n", size);
    printf("roundtrip count: %ld\n", rts);
    printf("average latency: %.3f [us]\n", (double) elapsed_us / (rts * 2.0));
}

static void recv_check(void *s, zmq_msg_t *m, int size)
{
    if (zmq_msg_recv(m, s, 0) < 0)
        die("recv");
    if ((int) zmq_msg_size(m) != size) {
        fprintf(stderr, "zperf: message of bad size %zu, expected %d\n", zmq_msg_size(m), size);
        exit(1);
    }
}

/* From this size both sides send without making the payload: zmq4j's tools send one direct
 * ByteBuffer again and again (Msg.of(ByteBuffer), never copied), so this side sends one static
 * buffer through zmq_msg_init_data with no free function, libzmq's own zero-copy send. */
#define ZERO_COPY_FROM (32 * 1024)

static void send_fresh(void *s, int size)
{
    zmq_msg_t m;
    if (size >= ZERO_COPY_FROM) {
        static void *shared;
        if (shared == NULL && (shared = calloc(1, size)) == NULL)
            die("calloc");
        if (zmq_msg_init_data(&m, shared, size, NULL, NULL) != 0)
            die("msg_init_data");
    } else {
        if (zmq_msg_init_size(&m, size) != 0)
            die("msg_init_size");
        memset(zmq_msg_data(&m), 0, size); /* as a Java array is zeroed */
    }
    if (zmq_msg_send(&m, s, 0) < 0)
        die("send");
}

/* --- CURVE: the same fixed server key as zmq4j-bench's Zmq4jLib/JeromqLib ------------------ */

static int curve; /* --curve given */
/* untimed messages (thr) or round trips (lat) before the timed ones: $ZPERF_WARMUP, as the
   Java tools read it; 0 (libzmq's tools) when unset */
static long warmup;

static void server_secret(uint8_t secret[32])
{
    for (int i = 0; i < 32; i++)
        secret[i] = (uint8_t) (i + 1);
}

static void setopt(void *s, int opt, const void *v, size_t len, const char *what)
{
    if (zmq_setsockopt(s, opt, v, len) != 0)
        die(what);
}

static void curve_server(void *s)
{
    int one = 1;
    uint8_t secret[32];
    server_secret(secret);
    setopt(s, ZMQ_CURVE_SERVER, &one, sizeof one, "CURVE_SERVER");
    setopt(s, ZMQ_CURVE_SECRETKEY, secret, 32, "CURVE_SECRETKEY");
}

static void curve_client(void *s)
{
    uint8_t secret[32];
    char secret_z85[41], server_z85[41], pub[41], sec[41];
    server_secret(secret);
    if (zmq_z85_encode(secret_z85, secret, 32) == NULL || zmq_curve_public(server_z85, secret_z85) != 0)
        die("curve_public (is libzmq built with CURVE?)");
    if (zmq_curve_keypair(pub, sec) != 0)
        die("curve_keypair");
    setopt(s, ZMQ_CURVE_SERVERKEY, server_z85, 40, "CURVE_SERVERKEY");
    setopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40, "CURVE_PUBLICKEY");
    setopt(s, ZMQ_CURVE_SECRETKEY, sec, 40, "CURVE_SECRETKEY");
}

/* --- the four ends ------------------------------------------------------------------------ */

static void run_pull(void *s, int size, long count)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    for (long i = 0; i < warmup; i++)
        recv_check(s, &m, size);
    recv_check(s, &m, size);
    uint64_t start = now_ns();
    for (long i = 1; i < count; i++)
        recv_check(s, &m, size);
    uint64_t elapsed = (now_ns() - start) / 1000;
    zmq_msg_close(&m);
    print_thr(size, count, elapsed);
}

static void run_push(void *s, int size, long count)
{
    for (long i = 0; i < warmup + count; i++)
        send_fresh(s, size);
}

static void run_rep(void *s, int size, long rts)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    for (long i = 0; i < warmup + rts; i++) {
        recv_check(s, &m, size);
        if (zmq_msg_send(&m, s, 0) < 0)
            die("send");
    }
    zmq_msg_close(&m);
}

static void run_req(void *s, int size, long rts)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    for (long i = 0; i < warmup; i++) {
        send_fresh(s, size);
        recv_check(s, &m, size);
    }
    uint64_t start = now_ns();
    for (long i = 0; i < rts; i++) {
        send_fresh(s, size);
        recv_check(s, &m, size);
    }
    uint64_t elapsed = (now_ns() - start) / 1000;
    zmq_msg_close(&m);
    print_lat(size, rts, elapsed);
}

/* --- inproc: the remote end on a second thread ------------------------------------------- */

struct remote {
    void *ctx;
    int type;
    const char *ep;
    int size;
    long n;
};

static void *remote_main(void *arg)
{
    struct remote *r = arg;
    void *s = zmq_socket(r->ctx, r->type);
    if (!s || zmq_connect(s, r->ep) != 0)
        die("inproc connect");
    if (r->type == ZMQ_PUSH)
        run_push(s, r->size, r->n);
    else
        run_req(s, r->size, r->n);
    zmq_close(s);
    return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return x < y ? -1 : x > y;
}

static double pct(uint64_t *sorted, long n, int p)
{
    long i = (long) ((p / 100.0) * n + 0.999999) - 1;
    if (i < 0)
        i = 0;
    if (i >= n)
        i = n - 1;
    return (double) sorted[i];
}

static void lowrate(void *ctx, const char *ep, int size, long count, int rate)
{
    void *s = zmq_socket(ctx, ZMQ_REQ);
    if (!s || zmq_connect(s, ep) != 0)
        die("connect");
    uint64_t *rtt = calloc(count, sizeof *rtt);
    uint64_t period = 1000000000ull / rate, next = now_ns();
    zmq_msg_t m;
    zmq_msg_init(&m);
    for (long i = 0; i < count; i++) {
        uint64_t now;
        while ((now = now_ns()) < next) {
            struct timespec ts = {(time_t) (next / 1000000000ull), (long) (next % 1000000000ull)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        }
        uint64_t t0 = now_ns();
        send_fresh(s, size);
        recv_check(s, &m, size);
        rtt[i] = now_ns() - t0;
        next += period;
        if (next < t0)
            next = t0;
    }
    zmq_msg_close(&m);
    zmq_close(s);
    long warm = count / 10, n = count - warm;
    qsort(rtt + warm, n, sizeof *rtt, cmp_u64);
    printf("message size: %d [B]\n", size);
    printf("roundtrip count: %ld (first %ld are warm-up)\n", count, warm);
    printf("rate: %d [msg/s]\n", rate);
    printf("latency p50: %.3f [us]\n", pct(rtt + warm, n, 50) / 2000.0);
    printf("latency p99: %.3f [us]\n", pct(rtt + warm, n, 99) / 2000.0);
    printf("latency max: %.3f [us]\n", (double) rtt[count - 1] / 2000.0);
    free(rtt);
}

static void usage(void)
{
    fprintf(stderr, "usage: zperf local_thr|remote_thr|local_lat|remote_lat <endpoint> <message-size> <count>\n"
                    "       zperf inproc_thr|inproc_lat <message-size> <count>\n"
                    "       zperf lowrate_lat <connect-to> <message-size> <count> [rate]\n"
                    "       zperf --curve local_thr|remote_thr|local_lat|remote_lat <endpoint> <message-size> <count>\n");
    exit(1);
}

int main(int argc, char **argv)
{
    const char *w = getenv("ZPERF_WARMUP");
    if (w && *w) {
        char *end;
        warmup = strtol(w, &end, 10);
        if (*end || warmup < 0) {
            fprintf(stderr, "ZPERF_WARMUP must be a count of 0 or more: %s\n", w);
            return 1;
        }
    }
    if (argc >= 2 && strcmp(argv[1], "--curve") == 0) {
        curve = 1;
        argc--;
        argv++;
    }
    if (argc < 2)
        usage();
    const char *tool = argv[1];
    void *ctx = zmq_ctx_new();
    if (!ctx)
        die("ctx_new");
    if (curve && (strncmp(tool, "inproc_", 7) == 0 || strcmp(tool, "lowrate_lat") == 0))
        usage(); /* inproc has no security mechanism; lowrate stays NULL */
    if (strncmp(tool, "inproc_", 7) == 0) {
        if (argc != 4)
            usage();
        int thr = strcmp(tool, "inproc_thr") == 0;
        struct remote r = {ctx, thr ? ZMQ_PUSH : ZMQ_REQ, thr ? "inproc://thr_test" : "inproc://lat_test",
                           atoi(argv[2]), atol(argv[3])};
        void *s = zmq_socket(ctx, thr ? ZMQ_PULL : ZMQ_REP);
        if (!s || zmq_bind(s, r.ep) != 0)
            die("bind");
        pthread_t t;
        pthread_create(&t, NULL, remote_main, &r);
        if (thr)
            run_pull(s, r.size, r.n);
        else
            run_rep(s, r.size, r.n);
        pthread_join(t, NULL);
        zmq_close(s);
    } else if (strcmp(tool, "lowrate_lat") == 0) {
        if (argc < 5)
            usage();
        lowrate(ctx, argv[2], atoi(argv[3]), atol(argv[4]), argc > 5 ? atoi(argv[5]) : 1000);
    } else {
        if (argc != 5)
            usage();
        const char *ep = argv[2];
        int size = atoi(argv[3]);
        long n = atol(argv[4]);
        int type, bind;
        if (strcmp(tool, "local_thr") == 0) { type = ZMQ_PULL; bind = 1; }
        else if (strcmp(tool, "remote_thr") == 0) { type = ZMQ_PUSH; bind = 0; }
        else if (strcmp(tool, "local_lat") == 0) { type = ZMQ_REP; bind = 1; }
        else if (strcmp(tool, "remote_lat") == 0) { type = ZMQ_REQ; bind = 0; }
        else usage();
        void *s = zmq_socket(ctx, type);
        if (!s)
            die("socket");
        if (curve) {
            if (bind)
                curve_server(s);
            else
                curve_client(s);
        }
        if ((bind ? zmq_bind(s, ep) : zmq_connect(s, ep)) != 0)
            die(bind ? "bind" : "connect");
        switch (type) {
        case ZMQ_PULL: run_pull(s, size, n); break;
        case ZMQ_PUSH: run_push(s, size, n); break;
        case ZMQ_REP: run_rep(s, size, n); break;
        default: run_req(s, size, n); break;
        }
        zmq_close(s); /* default linger: everything queued goes out before ctx_term returns */
    }
    zmq_ctx_term(ctx);
    return 0;
}
