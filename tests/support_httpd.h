/* support_httpd.h - the loopback HTTP server of the tests (tests/httpd.py).
 *
 * httpd_start runs `python3 tests/httpd.py --dir DIR`, which binds
 * 127.0.0.1 on a free port and serves the files of DIR, and injects faults
 * under /fault/... (see the top of tests/httpd.py). Nothing but 127.0.0.1
 * is ever contacted. The server exits by itself after two minutes without
 * requests or when the test program goes away; httpd_stop ends it now. */
#ifndef INFRACOST_TEST_SUPPORT_HTTPD_H
#define INFRACOST_TEST_SUPPORT_HTTPD_H

#include <stddef.h>
#include <sys/types.h>

struct httpd {
	pid_t pid; /* 0 when not running */
	int port;
};

/* Start a server for the files of dir. Returns 0, or -1 (with a message on
 * stderr) when python3 or the port line did not come. The interpreter is
 * $HTTPD_PYTHON, else /usr/bin/python3 when present (it starts faster than
 * a pyenv shim), else python3 from PATH. */
int httpd_start(struct httpd *h, const char *dir);

/* "http://127.0.0.1:PORT" followed by path (which starts with '/'), into
 * buf; returns buf. */
const char *httpd_url(const struct httpd *h, const char *path, char *buf, size_t len);

/* SIGTERM, then wait for it (SIGKILL after 5 s). Accepts a stopped server. */
void httpd_stop(struct httpd *h);

/* A loopback port that nothing listens on (bound, read, closed). */
int closed_port(void);

#endif
