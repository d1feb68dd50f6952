// An OpenAI-compatible server for benchmarking HTTP clients: it answers every POST to
// /v1/completions or /v1/chat/completions after a fixed delay with a valid DataMan answer (a
// domain letter A-O and 14 ratings 1-5, derived from FNV-1a 64 of the request body), serves
// GET /v1/models for the start-up health check, and GET /stats with its request count and CPU.
//
// One thread, epoll, HTTP/1.1 keep-alive (pipelined requests answered in order). The delay is the
// same for every request, so answers fall due in arrival order: a FIFO of pending answers and one
// timerfd armed for its head replace a timer wheel, at O(1) per request. The point is to cost the
// client under test as little CPU as possible so that it, not this server, is what is measured.
//
// Usage: http_delay_server [--port N] [--delay-ms MS] [--model NAME] [--dump FILE]
// Prints "PORT <n>" on stdout once listening (port 0 picks a free one). SIGTERM/SIGINT stop it.
// GET /stats: answers so far, the seconds from the first request to the last answer since the
// previous /stats (the throughput window), and the server's user and system CPU in microseconds.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 65536
#define MAX_HEADER 65536

typedef struct {
    char *data;
    size_t len, cap, off;  // off: bytes already consumed (read buffer) or sent (write buffer)
} Buffer;

typedef struct {
    int open;
    uint32_t generation;  // bumped on close, so answers due to a closed connection are dropped
    int want_write;
    Buffer in, out;
} Connection;

typedef struct {
    int fd;
    uint32_t generation;
    uint64_t due_ns;
    char *response;
    size_t length;
} Pending;

static Connection connections[MAX_FDS];
static Pending *queue;
static size_t queue_cap, queue_head, queue_count;
static int epoll_fd, timer_fd;
static uint64_t delay_ns = 50ull * 1000000ull;
static const char *model = "bench";
static unsigned long long answered;
static uint64_t window_start_ns, window_end_ns;  // first request received, last answer sent, since the last /stats
static FILE *dump;  // --dump: every completion body, one a line, for a peer client to replay

static void die(const char *what) { perror(what); exit(1); }

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void buffer_append(Buffer *b, const char *data, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        b->data = realloc(b->data, cap);
        if (!b->data) die("realloc");
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void buffer_compact(Buffer *b) {
    if (b->off == 0) return;
    memmove(b->data, b->data + b->off, b->len - b->off);
    b->len -= b->off;
    b->off = 0;
}

static void set_events(int fd, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.fd = fd};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev) < 0) die("epoll_ctl mod");
}

static void close_connection(int fd) {
    Connection *c = &connections[fd];
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    c->open = 0;
    c->generation++;
    c->want_write = 0;
    free(c->in.data);
    free(c->out.data);
    memset(&c->in, 0, sizeof c->in);
    memset(&c->out, 0, sizeof c->out);
}

static void flush(int fd) {
    Connection *c = &connections[fd];
    while (c->out.off < c->out.len) {
        ssize_t n = write(fd, c->out.data + c->out.off, c->out.len - c->out.off);
        if (n < 0) {
            if (errno == EAGAIN) break;
            close_connection(fd);
            return;
        }
        c->out.off += (size_t)n;
    }
    if (c->out.off == c->out.len) c->out.off = c->out.len = 0;
    int want = c->out.len > 0;
    if (want != c->want_write) {
        c->want_write = want;
        set_events(fd, EPOLLIN | (want ? EPOLLOUT : 0));
    }
}

static void send_now(int fd, const char *data, size_t n) {
    buffer_append(&connections[fd].out, data, n);
    flush(fd);
}

static size_t format_response(char *out, size_t cap, int status, const char *body, size_t body_len) {
    const char *reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Bad Request";
    int head = snprintf(out, cap, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                        "Connection: keep-alive\r\n\r\n", status, reason, body_len);
    memcpy(out + head, body, body_len);
    return (size_t)head + body_len;
}

static void arm_timer(void) {
    struct itimerspec spec = {0};
    if (queue_count) {
        uint64_t due = queue[queue_head].due_ns;
        spec.it_value.tv_sec = (time_t)(due / 1000000000ull);
        spec.it_value.tv_nsec = (long)(due % 1000000000ull);
    }
    if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0) die("timerfd_settime");
}

static void enqueue(int fd, char *response, size_t length) {
    if (queue_count == queue_cap) {
        size_t cap = queue_cap ? queue_cap * 2 : 1024;
        Pending *grown = malloc(cap * sizeof *grown);
        if (!grown) die("malloc");
        for (size_t i = 0; i < queue_count; i++) grown[i] = queue[(queue_head + i) % queue_cap];
        free(queue);
        queue = grown;
        queue_cap = cap;
        queue_head = 0;
    }
    queue[(queue_head + queue_count) % queue_cap] = (Pending){fd, connections[fd].generation, now_ns() + delay_ns, response, length};
    if (queue_count++ == 0) arm_timer();
}

static void fire_due(void) {
    uint64_t now = now_ns();
    while (queue_count && queue[queue_head].due_ns <= now) {
        Pending p = queue[queue_head];
        queue_head = (queue_head + 1) % queue_cap;
        queue_count--;
        if (connections[p.fd].open && connections[p.fd].generation == p.generation) {
            answered++;
            window_end_ns = now;
            buffer_append(&connections[p.fd].out, p.response, p.length);
            flush(p.fd);
        }
        free(p.response);
    }
    arm_timer();
}

// The answer text for a request body, as JSON string content (newlines escaped).
static int dataman_answer(const char *body, size_t n, char *out) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)body[i]; h *= 0x100000001B3ull; }
    int len = 0;
    out[len++] = (char)('A' + h % 15);
    for (int i = 0; i < 14; i++) {
        out[len++] = '\\'; out[len++] = 'n';
        out[len++] = (char)('1' + (h >> (4 * i + 4)) % 5);
    }
    out[len] = 0;
    return len;
}

static void handle_request(int fd, const char *method, const char *path, const char *body, size_t body_len) {
    char json[1024], response[2048];
    int json_len;
    if (strcmp(method, "POST") == 0 && (strcmp(path, "/v1/completions") == 0 || strcmp(path, "/v1/chat/completions") == 0)) {
        char answer[64];
        if (!window_start_ns) window_start_ns = now_ns();
        if (dump) { fwrite(body, 1, body_len, dump); fputc('\n', dump); }
        dataman_answer(body, body_len, answer);
        if (path[4] == 'c' && path[5] == 'h')
            json_len = snprintf(json, sizeof json, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"%s\","
                                "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":\"stop\"}],"
                                "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":29,\"total_tokens\":29}}", model, answer);
        else
            json_len = snprintf(json, sizeof json, "{\"id\":\"cmpl-bench\",\"object\":\"text_completion\",\"created\":0,\"model\":\"%s\","
                                "\"choices\":[{\"index\":0,\"text\":\"%s\",\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                                "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":29,\"total_tokens\":29}}", model, answer);
        size_t length = format_response(response, sizeof response, 200, json, (size_t)json_len);
        char *copy = malloc(length);
        if (!copy) die("malloc");
        memcpy(copy, response, length);
        enqueue(fd, copy, length);
        return;
    }
    int status = 200;
    if (strcmp(method, "GET") == 0 && strcmp(path, "/v1/models") == 0) {
        json_len = snprintf(json, sizeof json, "{\"object\":\"list\",\"data\":[{\"id\":\"%s\",\"object\":\"model\",\"owned_by\":\"bench\"}]}", model);
    } else if (strcmp(method, "GET") == 0 && strcmp(path, "/stats") == 0) {
        struct rusage usage;
        getrusage(RUSAGE_SELF, &usage);
        double window = window_end_ns > window_start_ns && window_start_ns ? (window_end_ns - window_start_ns) / 1e9 : 0;
        json_len = snprintf(json, sizeof json, "{\"answered\":%llu,\"pending\":%zu,\"window_s\":%.6f,\"user_us\":%lld,\"system_us\":%lld}",
                            answered, queue_count, window,
                            (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec,
                            (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec);
        window_start_ns = window_end_ns = 0;
    } else {
        status = 404;
        json_len = snprintf(json, sizeof json, "{\"error\":{\"message\":\"no route %s %s\"}}", method, path);
    }
    size_t length = format_response(response, sizeof response, status, json, (size_t)json_len);
    send_now(fd, response, length);
}

static const char *header_value(const char *headers, const char *end, const char *name) {
    size_t n = strlen(name);
    for (const char *line = headers; line < end;) {
        const char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
        if (!eol) eol = end;
        if ((size_t)(eol - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *value = line + n + 1;
            while (*value == ' ') value++;
            return value;
        }
        line = eol + 2;
    }
    return NULL;
}

// Answers every complete request in the read buffer; a malformed one closes the connection.
static void parse_requests(int fd) {
    Connection *c = &connections[fd];
    for (;;) {
        char *start = c->in.data + c->in.off;
        size_t available = c->in.len - c->in.off;
        char *end = memmem(start, available, "\r\n\r\n", 4);
        if (!end) {
            if (available > MAX_HEADER) { close_connection(fd); return; }
            break;
        }
        char method[16], path[256];
        if (sscanf(start, "%15s %255s", method, path) != 2) { close_connection(fd); return; }
        const char *line_end = memmem(start, (size_t)(end - start), "\r\n", 2);
        const char *headers = line_end ? line_end + 2 : end;
        size_t body_len = 0;
        const char *length = header_value(headers, end, "Content-Length");
        if (length) body_len = strtoul(length, NULL, 10);
        else if (header_value(headers, end, "Transfer-Encoding")) {
            static const char refusal[] = "HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            send_now(fd, refusal, sizeof refusal - 1);
            close_connection(fd);
            return;
        }
        size_t head_len = (size_t)(end - start) + 4;
        if (available < head_len + body_len) {
            const char *expect = header_value(headers, end, "Expect");
            // libcurl (URLSession on Linux) waits up to a second for this before sending a large body.
            if (expect && strncasecmp(expect, "100-continue", 12) == 0) {
                static const char proceed[] = "HTTP/1.1 100 Continue\r\n\r\n";
                send_now(fd, proceed, sizeof proceed - 1);
                if (!connections[fd].open) return;
                memcpy((char *)expect, "000-", 4);  // answered: a later read of this request must not repeat it
            }
            break;
        }
        handle_request(fd, method, path, start + head_len, body_len);
        if (!connections[fd].open) return;
        c->in.off += head_len + body_len;
    }
    buffer_compact(&c->in);
}

static void accept_all(int listener) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            if (errno == EMFILE || errno == ENFILE) { perror("accept4"); return; }
            die("accept4");
        }
        if (fd >= MAX_FDS) { close(fd); continue; }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        connections[fd].open = 1;
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl add");
    }
}

static void read_from(int fd) {
    Connection *c = &connections[fd];
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            buffer_append(&c->in, chunk, (size_t)n);
            if ((size_t)n < sizeof chunk) break;
            continue;
        }
        if (n < 0 && errno == EAGAIN) break;
        close_connection(fd);
        return;
    }
    parse_requests(fd);
}

int main(int argc, char **argv) {
    int port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--delay-ms") == 0 && i + 1 < argc) delay_ns = (uint64_t)(atof(argv[++i]) * 1e6);
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) model = argv[++i];
        else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            if (!(dump = fopen(argv[++i], "w"))) die(argv[i]);
        }
        else {
            fprintf(stderr, "usage: %s [--port N] [--delay-ms MS] [--model NAME] [--dump FILE]\n", argv[0]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);
    int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0) die("bind");
    if (listen(listener, 4096) < 0) die("listen");
    socklen_t size = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &size);

    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (epoll_fd < 0 || timer_fd < 0 || signal_fd < 0) die("epoll/timerfd/signalfd");
    int specials[] = {listener, timer_fd, signal_fd};
    for (int i = 0; i < 3; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = specials[i]};
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, specials[i], &ev) < 0) die("epoll_ctl");
    }
    printf("PORT %d\n", ntohs(address.sin_port));
    fflush(stdout);

    struct epoll_event events[512];
    for (;;) {
        int n = epoll_wait(epoll_fd, events, 512, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) accept_all(listener);
            else if (fd == timer_fd) {
                uint64_t expirations;
                if (read(timer_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("read timerfd");
                fire_due();
            } else if (fd == signal_fd) {
                struct rusage usage;
                getrusage(RUSAGE_SELF, &usage);
                if (dump) fclose(dump);
                fprintf(stderr, "http_delay_server: %llu answers, cpu %.3f s\n", answered,
                        usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
                return 0;
            } else {
                if (!connections[fd].open) continue;
                if (events[i].events & (EPOLLERR | EPOLLHUP)) { close_connection(fd); continue; }
                if (events[i].events & EPOLLOUT) flush(fd);
                if (connections[fd].open && (events[i].events & EPOLLIN)) read_from(fd);
            }
        }
    }
}
