/* support_httpd.c - start and stop the loopback HTTP server of the tests. */
#include "support_httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *python(void)
{
	const char *env = getenv("HTTPD_PYTHON");
	if (env && *env)
		return env;
	if (access("/usr/bin/python3", X_OK) == 0)
		return "/usr/bin/python3";
	return "python3";
}

/* Read the first line of fd (the port) within timeout_ms. */
static int read_port(int fd, int timeout_ms)
{
	char line[32];
	size_t n = 0;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n + 1 < sizeof(line)) {
		struct pollfd p = {fd, POLLIN, 0};
		long spent;
		ssize_t got;
		clock_gettime(CLOCK_MONOTONIC, &t);
		spent = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (spent >= timeout_ms)
			return -1;
		if (poll(&p, 1, (int)(timeout_ms - spent)) <= 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got = read(fd, line + n, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return atoi(line);
}

int httpd_start(struct httpd *h, const char *dir)
{
	char script[4096];
	const char *py = python();
	char *argv[6];
	int fds[2];
	posix_spawn_file_actions_t fa;
	int rc;

	h->pid = 0;
	h->port = 0;
	snprintf(script, sizeof(script), "%s/tests/httpd.py", SOURCE_DIR);
	if (pipe(fds) != 0) {
		perror("httpd: pipe");
		return -1;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	argv[0] = (char *)py;
	argv[1] = script;
	argv[2] = "--dir";
	argv[3] = (char *)dir;
	argv[4] = NULL;
	rc = posix_spawnp(&h->pid, py, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		fprintf(stderr, "httpd: cannot run %s: %s\n", py, strerror(rc));
		close(fds[0]);
		h->pid = 0;
		return -1;
	}
	h->port = read_port(fds[0], 15000);
	close(fds[0]);
	if (h->port <= 0 || h->port > 65535) {
		fprintf(stderr, "httpd: %s %s did not print its port\n", py, script);
		httpd_stop(h);
		return -1;
	}
	return 0;
}

const char *httpd_url(const struct httpd *h, const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "http://127.0.0.1:%d%s", h->port, path);
	return buf;
}

void httpd_stop(struct httpd *h)
{
	int status;
	if (h->pid <= 0)
		return;
	kill(h->pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		pid_t w = waitpid(h->pid, &status, WNOHANG);
		if (w == h->pid || (w < 0 && errno != EINTR))
			goto done;
		usleep(10000);
	}
	kill(h->pid, SIGKILL);
	while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
		;
done:
	h->pid = 0;
	h->port = 0;
}

int closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int port = -1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(s, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(s);
	return port;
}
