/*
 * A libzmq peer over ws:// for the WebSocket interop tests (LibzmqWebSocketInteropTest): built by the
 * test with gcc against libzmq 4.3 compiled with its draft API and ENABLE_WS (Debian's libzmq
 * has no ws transport). Spoken to in lines on stdout; every line is flushed.
 *
 *   ws_peer TYPE bind|connect ENDPOINT ROLE [N]
 *
 * First prints "READY <endpoint>" (the endpoint bound, with its port, or the one connected to).
 * ROLE:
 *   recv N   receives N messages, printing "GOT <frames joined by |>" for each (a ROUTER's
 *            routing id frame is left out; a DISH's message is "group:body").
 *   echo N   as recv, and sends each message back to where it came from.
 *   ask N    sends "ping-<i>" and waits for the answer, N times, printing "REPLY <frames>".
 *   emit     sends "hello-<i>" every 20 ms until killed (PUB: frames "news", "hello-<i>";
 *            RADIO: group "news").
 * Options from the environment: WS_PEER_PLAIN_SERVER=1 makes it a PLAIN server with a ZAP handler
 * that lets in admin/secret only (libzmq's PLAIN server refuses everyone without a handler);
 * WS_PEER_PLAIN_USER / WS_PEER_PLAIN_PASSWORD make it a PLAIN client; WS_PEER_HEARTBEAT_MS=N sets
 * ZMQ_HEARTBEAT_IVL to N and ZMQ_HEARTBEAT_TIMEOUT to 3N, or to WS_PEER_HEARTBEAT_TIMEOUT_MS when
 * set (over ws, libzmq's heartbeats are WebSocket pings). For wss:// (libzmq built WITH_TLS): WS_PEER_WSS_CERT, WS_PEER_WSS_KEY and
 * WS_PEER_WSS_TRUST name PEM files given as ZMQ_WSS_CERT_PEM, ZMQ_WSS_KEY_PEM and
 * ZMQ_WSS_TRUST_PEM; WS_PEER_WSS_HOSTNAME is ZMQ_WSS_HOSTNAME. WS_PEER_EVENTS=1 prints
 * "EVENT <name> <value>" for each of the socket's monitor events (a thread of its own).
 *
 *   ws_peer HAS CAPABILITY   exits 0 when zmq_has(CAPABILITY) (libzmq 4.3.4 spells "WS", "WSS").
 */
#define ZMQ_BUILD_DRAFT_API
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

static void die(const char *what) {
    fprintf(stderr, "ws_peer: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static int type_of(const char *name) {
    static const char *names[] = {"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH",
                                  "XPUB", "XSUB", "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER",
                                  "PEER", "CHANNEL"};
    static const int types[] = {ZMQ_PAIR, ZMQ_PUB, ZMQ_SUB, ZMQ_REQ, ZMQ_REP, ZMQ_DEALER, ZMQ_ROUTER, ZMQ_PULL,
                                ZMQ_PUSH, ZMQ_XPUB, ZMQ_XSUB, ZMQ_SERVER, ZMQ_CLIENT, ZMQ_RADIO, ZMQ_DISH,
                                ZMQ_GATHER, ZMQ_SCATTER, ZMQ_PEER, ZMQ_CHANNEL};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (strcmp(names[i], name) == 0) {
            return types[i];
        }
    }
    fprintf(stderr, "ws_peer: unknown socket type %s\n", name);
    exit(2);
}

/* One whole message: its parts, and the routing id a SERVER or PEER got it from. */
typedef struct {
    zmq_msg_t parts[16];
    int count;
    uint32_t routing_id;
} message_t;

static void recv_message(void *s, message_t *m) {
    m->count = 0;
    do {
        if (m->count == 16) {
            fprintf(stderr, "ws_peer: more than 16 frames\n");
            exit(1);
        }
        zmq_msg_init(&m->parts[m->count]);
        if (zmq_msg_recv(&m->parts[m->count], s, 0) < 0) {
            die("zmq_msg_recv");
        }
        m->routing_id = zmq_msg_routing_id(&m->parts[m->count]);
        m->count++;
    } while (zmq_msg_more(&m->parts[m->count - 1]));
}

static void print_message(const char *label, message_t *m, int type) {
    printf("%s ", label);
    int first = type == ZMQ_ROUTER ? 1 : 0;
    for (int i = first; i < m->count; i++) {
        if (i > first) {
            putchar('|');
        }
        if (type == ZMQ_DISH) {
            printf("%s:", zmq_msg_group(&m->parts[i]));
        }
        fwrite(zmq_msg_data(&m->parts[i]), 1, zmq_msg_size(&m->parts[i]), stdout);
    }
    putchar('\n');
    fflush(stdout);
}

static void send_message(void *s, message_t *m, int type) {
    for (int i = 0; i < m->count; i++) {
        if (type == ZMQ_SERVER || type == ZMQ_PEER) {
            zmq_msg_set_routing_id(&m->parts[i], m->routing_id);
        }
        if (zmq_msg_send(&m->parts[i], s, i < m->count - 1 ? ZMQ_SNDMORE : 0) < 0) {
            die("zmq_msg_send");
        }
    }
}

static void close_message(message_t *m) {
    for (int i = 0; i < m->count; i++) {
        zmq_msg_close(&m->parts[i]);
    }
}

static void send_text(void *s, int type, const char *text, int more) {
    zmq_msg_t m;
    zmq_msg_init_size(&m, strlen(text));
    memcpy(zmq_msg_data(&m), text, strlen(text));
    if (type == ZMQ_RADIO) {
        zmq_msg_set_group(&m, "news");
    }
    if (zmq_msg_send(&m, s, more ? ZMQ_SNDMORE : 0) < 0) {
        zmq_msg_close(&m);
        if (zmq_errno() != EAGAIN) {
            die("zmq_msg_send");
        }
    }
}

/* A ZAP handler (RFC 27) on inproc://zeromq.zap.01: PLAIN user admin, password secret. */
static void *zap_handler(void *ctx) {
    void *zap = zmq_socket(ctx, ZMQ_REP);
    if (zmq_bind(zap, "inproc://zeromq.zap.01") != 0) {
        die("zmq_bind zap");
    }
    while (1) {
        message_t m;
        recv_message(zap, &m);
        /* version, request id, domain, address, identity, mechanism, user, password */
        int ok = m.count == 8 && zmq_msg_size(&m.parts[6]) == 5 && memcmp(zmq_msg_data(&m.parts[6]), "admin", 5) == 0
                 && zmq_msg_size(&m.parts[7]) == 6 && memcmp(zmq_msg_data(&m.parts[7]), "secret", 6) == 0;
        const char *reply[6] = {"1.0", NULL, ok ? "200" : "400", ok ? "OK" : "no", ok ? "admin" : "", ""};
        for (int i = 0; i < 6; i++) {
            if (i == 1) {
                zmq_send(zap, zmq_msg_data(&m.parts[1]), zmq_msg_size(&m.parts[1]), ZMQ_SNDMORE);
            } else {
                zmq_send(zap, reply[i], strlen(reply[i]), i < 5 ? ZMQ_SNDMORE : 0);
            }
        }
        close_message(&m);
    }
    return NULL;
}

/* The whole of a PEM file, for the ZMQ_WSS_*_PEM options (which take the text itself). */
static void set_pem(void *s, int option, const char *env) {
    const char *path = getenv(env);
    if (path == NULL) {
        return;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "ws_peer: cannot open %s=%s\n", env, path);
        exit(1);
    }
    static char text[65536];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    if (zmq_setsockopt(s, option, text, n) != 0) {
        die(env);
    }
}

static const char *event_name(int event) {
    switch (event) {
    case ZMQ_EVENT_CONNECTED: return "CONNECTED";
    case ZMQ_EVENT_CONNECT_DELAYED: return "CONNECT_DELAYED";
    case ZMQ_EVENT_CONNECT_RETRIED: return "CONNECT_RETRIED";
    case ZMQ_EVENT_LISTENING: return "LISTENING";
    case ZMQ_EVENT_ACCEPTED: return "ACCEPTED";
    case ZMQ_EVENT_CLOSED: return "CLOSED";
    case ZMQ_EVENT_DISCONNECTED: return "DISCONNECTED";
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: return "HANDSHAKE_FAILED_NO_DETAIL";
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: return "HANDSHAKE_FAILED_PROTOCOL";
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return "HANDSHAKE_FAILED_AUTH";
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return "HANDSHAKE_SUCCEEDED";
    default: return "OTHER";
    }
}

/* Prints the monitor's events: a 6-byte frame (event, value) then the endpoint. */
static void *print_events(void *monitor) {
    while (1) {
        zmq_msg_t head, where;
        zmq_msg_init(&head);
        zmq_msg_init(&where);
        if (zmq_msg_recv(&head, monitor, 0) < 0 || zmq_msg_recv(&where, monitor, 0) < 0) {
            return NULL;
        }
        const uint8_t *d = zmq_msg_data(&head);
        uint16_t event = (uint16_t) (d[0] | d[1] << 8);
        uint32_t value = (uint32_t) (d[2] | d[3] << 8 | d[4] << 16 | (uint32_t) d[5] << 24);
        printf("EVENT %s %u\n", event_name(event), value);
        fflush(stdout);
        zmq_msg_close(&head);
        zmq_msg_close(&where);
    }
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "HAS") == 0) {
        return zmq_has(argv[2]) ? 0 : 1;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: ws_peer TYPE bind|connect ENDPOINT recv|echo|ask|emit [N]\n");
        return 2;
    }
    int type = type_of(argv[1]);
    int bind = strcmp(argv[2], "bind") == 0;
    const char *endpoint = argv[3];
    const char *role = argv[4];
    int n = argc > 5 ? atoi(argv[5]) : 1;

    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, type);
    if (s == NULL) {
        die("zmq_socket");
    }
    int linger = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (type == ZMQ_SUB) {
        zmq_setsockopt(s, ZMQ_SUBSCRIBE, "news", 4);
    }
    if (type == ZMQ_DISH && zmq_join(s, "news") != 0) {
        die("zmq_join");
    }
    if (getenv("WS_PEER_PLAIN_SERVER") != NULL) {
        pthread_t zap;
        pthread_create(&zap, NULL, zap_handler, ctx);
        struct timespec settle = {0, 50 * 1000 * 1000}; /* the handler binds before anyone connects */
        nanosleep(&settle, NULL);
        int on = 1;
        zmq_setsockopt(s, ZMQ_PLAIN_SERVER, &on, sizeof on);
    }
    if (getenv("WS_PEER_PLAIN_USER") != NULL) {
        const char *user = getenv("WS_PEER_PLAIN_USER");
        const char *password = getenv("WS_PEER_PLAIN_PASSWORD") ? getenv("WS_PEER_PLAIN_PASSWORD") : "";
        zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, user, strlen(user));
        zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, password, strlen(password));
    }
    if (getenv("WS_PEER_HEARTBEAT_MS") != NULL) {
        int ivl = atoi(getenv("WS_PEER_HEARTBEAT_MS"));
        int timeout = getenv("WS_PEER_HEARTBEAT_TIMEOUT_MS") != NULL ? atoi(getenv("WS_PEER_HEARTBEAT_TIMEOUT_MS")) : 3 * ivl;
        zmq_setsockopt(s, ZMQ_HEARTBEAT_IVL, &ivl, sizeof ivl);
        zmq_setsockopt(s, ZMQ_HEARTBEAT_TIMEOUT, &timeout, sizeof timeout);
    }
    set_pem(s, ZMQ_WSS_CERT_PEM, "WS_PEER_WSS_CERT");
    set_pem(s, ZMQ_WSS_KEY_PEM, "WS_PEER_WSS_KEY");
    set_pem(s, ZMQ_WSS_TRUST_PEM, "WS_PEER_WSS_TRUST");
    if (getenv("WS_PEER_WSS_HOSTNAME") != NULL) {
        const char *host = getenv("WS_PEER_WSS_HOSTNAME");
        if (zmq_setsockopt(s, ZMQ_WSS_HOSTNAME, host, strlen(host)) != 0) {
            die("ZMQ_WSS_HOSTNAME");
        }
    }
    void *monitor = NULL;
    if (getenv("WS_PEER_EVENTS") != NULL) {
        if (zmq_socket_monitor(s, "inproc://ws_peer.events", ZMQ_EVENT_ALL) != 0) {
            die("zmq_socket_monitor");
        }
        monitor = zmq_socket(ctx, ZMQ_PAIR);
        if (zmq_connect(monitor, "inproc://ws_peer.events") != 0) {
            die("zmq_connect monitor");
        }
    }
    if (bind ? zmq_bind(s, endpoint) : zmq_connect(s, endpoint)) {
        die(bind ? "zmq_bind" : "zmq_connect");
    }
    char last[256] = "";
    size_t size = sizeof last;
    if (bind) {
        zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &size);
    } else {
        snprintf(last, sizeof last, "%s", endpoint);
    }
    printf("READY %s\n", last);
    fflush(stdout);
    if (monitor != NULL) {
        /* only now: READY is the first line; the events wait in the monitor's pipe meanwhile */
        pthread_t events;
        pthread_create(&events, NULL, print_events, monitor);
    }

    if (strcmp(role, "recv") == 0 || strcmp(role, "echo") == 0) {
        for (int i = 0; i < n; i++) {
            message_t m;
            recv_message(s, &m);
            print_message("GOT", &m, type);
            if (strcmp(role, "echo") == 0) {
                send_message(s, &m, type);
            }
            close_message(&m);
        }
    } else if (strcmp(role, "ask") == 0) {
        for (int i = 0; i < n; i++) {
            char text[32];
            snprintf(text, sizeof text, "ping-%d", i);
            send_text(s, type, text, 0);
            message_t m;
            recv_message(s, &m);
            print_message("REPLY", &m, type);
            close_message(&m);
        }
    } else if (strcmp(role, "emit") == 0) {
        for (int i = 0;; i++) {
            char text[32];
            snprintf(text, sizeof text, "hello-%d", i);
            if (type == ZMQ_PUB) {
                send_text(s, type, "news", 1);
            }
            send_text(s, type, text, 0);
            struct timespec pause = {0, 20 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    } else {
        fprintf(stderr, "ws_peer: unknown role %s\n", role);
        return 2;
    }
    /* what it last sent may still be queued (over wss, in pieces between TLS records): linger 0
       would drop it and the test would wait for an answer that never leaves */
    int flush = 5000;
    zmq_setsockopt(s, ZMQ_LINGER, &flush, sizeof flush);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return 0;
}
