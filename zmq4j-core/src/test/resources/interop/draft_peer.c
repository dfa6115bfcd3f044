/*
 * A libzmq peer for the draft socket types (CLIENT, SERVER, RADIO, DISH, SCATTER, GATHER,
 * PEER, CHANNEL), which pyzmq from Debian cannot reach: built by bench/draft-libzmq against
 * libzmq 4.3 compiled with --enable-drafts. Spoken to in lines on stdout:
 *
 * Every role first prints "READY <endpoint>" (the bound endpoint, or the one connected to).
 *
 *   draft_peer serve TYPE bind|connect ENDPOINT [GROUPS]
 *       prints "GOT <group|-> <body>" per message; SERVER, PEER and CHANNEL answer
 *       "echo:<body>" to its sender; a DISH joins each of the comma-separated GROUPS.
 *       Ends after a message "quit".
 *   draft_peer ask TYPE bind|connect ENDPOINT
 *       CLIENT, CHANNEL, PEER: sends "ping" every 100 ms until an answer comes (10 s at most),
 *       prints "REPLY <body>".
 *   draft_peer emit TYPE bind|connect ENDPOINT [GROUPS]
 *       RADIO, SCATTER, CLIENT: sends "hello-N" every 20 ms until killed, message N in the
 *       (N mod count)th of the comma-separated GROUPS.
 */
#define ZMQ_BUILD_DRAFT_API
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int type_of(const char *name) {
    const char *names[] = {"CLIENT", "SERVER", "RADIO", "DISH", "GATHER", "SCATTER", "PEER", "CHANNEL"};
    const int types[] = {ZMQ_CLIENT, ZMQ_SERVER, ZMQ_RADIO, ZMQ_DISH, ZMQ_GATHER, ZMQ_SCATTER, ZMQ_PEER, ZMQ_CHANNEL};
    for (int i = 0; i < 8; i++) {
        if (strcmp(names[i], name) == 0) {
            return types[i];
        }
    }
    fprintf(stderr, "unknown type %s\n", name);
    exit(2);
}

static void die(const char *what) {
    fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static void send_text(void *s, const char *text, const char *group, uint32_t routing_id) {
    zmq_msg_t m;
    zmq_msg_init_size(&m, strlen(text));
    memcpy(zmq_msg_data(&m), text, strlen(text));
    if (group != NULL && zmq_msg_set_group(&m, group) != 0) {
        die("zmq_msg_set_group");
    }
    if (routing_id != 0 && zmq_msg_set_routing_id(&m, routing_id) != 0) {
        die("zmq_msg_set_routing_id");
    }
    if (zmq_msg_send(&m, s, 0) < 0) {
        zmq_msg_close(&m);
        if (zmq_errno() != EAGAIN && zmq_errno() != EHOSTUNREACH) {
            die("zmq_msg_send");
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: draft_peer serve|ask|emit TYPE bind|connect ENDPOINT [GROUP]\n");
        return 2;
    }
    const char *role = argv[1];
    int type = type_of(argv[2]);
    int bind = strcmp(argv[3], "bind") == 0;
    const char *endpoint = argv[4];
    const char *group = argc > 5 ? argv[5] : NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);

    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, type);
    if (s == NULL) {
        die("zmq_socket");
    }
    int zero = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
    char *groups[16];
    int ngroups = 0;
    if (group != NULL) {
        char *copy = strdup(group);
        for (char *g = strtok(copy, ","); g != NULL && ngroups < 16; g = strtok(NULL, ",")) {
            groups[ngroups++] = g;
        }
    }
    for (int i = 0; type == ZMQ_DISH && i < ngroups; i++) {
        if (zmq_join(s, groups[i]) != 0) {
            die("zmq_join");
        }
    }
    uint32_t peer_id = 0;
    if (bind) {
        if (zmq_bind(s, endpoint) != 0) {
            die("zmq_bind");
        }
    } else if (type == ZMQ_PEER) {
        peer_id = zmq_connect_peer(s, endpoint);
        if (peer_id == 0) {
            die("zmq_connect_peer");
        }
    } else if (zmq_connect(s, endpoint) != 0) {
        die("zmq_connect");
    }
    char last[256] = "";
    size_t len = sizeof last;
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &len);
    printf("READY %s\n", last);

    if (strcmp(role, "ask") == 0) {
        int timeout = 100;
        zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
        zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
        for (int i = 0; i < 100; i++) {
            send_text(s, "ping", NULL, peer_id);
            zmq_msg_t m;
            zmq_msg_init(&m);
            int n = zmq_msg_recv(&m, s, 0);
            if (n >= 0) {
                printf("REPLY %.*s\n", n, (char *) zmq_msg_data(&m));
                zmq_msg_close(&m);
                zmq_close(s);
                zmq_ctx_term(ctx);
                return 0;
            }
            zmq_msg_close(&m);
        }
        fprintf(stderr, "no answer in 10 s\n");
        return 1;
    }

    if (strcmp(role, "emit") == 0) {
        int timeout = 100;
        zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
        char text[64];
        for (long i = 0;; i++) {
            snprintf(text, sizeof text, "hello-%ld", i);
            send_text(s, text, ngroups > 0 ? groups[i % ngroups] : NULL, 0);
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    for (;;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        int n = zmq_msg_recv(&m, s, 0);
        if (n < 0) {
            die("zmq_msg_recv");
        }
        const char *g = zmq_msg_group(&m);
        printf("GOT %s %.*s\n", g != NULL && *g ? g : "-", n, (char *) zmq_msg_data(&m));
        if (type == ZMQ_SERVER || type == ZMQ_PEER || type == ZMQ_CHANNEL) {
            char answer[512];
            snprintf(answer, sizeof answer, "echo:%.*s", n, (char *) zmq_msg_data(&m));
            send_text(s, answer, NULL, zmq_msg_routing_id(&m));
        }
        int quit = n == 4 && memcmp(zmq_msg_data(&m), "quit", 4) == 0;
        zmq_msg_close(&m);
        if (quit) {
            break;
        }
    }
    /* the last echo may still be queued: LINGER 0 (set above for the tests' quick exits) would drop it */
    int linger = 2000;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return 0;
}
