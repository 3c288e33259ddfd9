/* progress.c - the progress line (see progress.h). */
#include "cnum.h"
#include "progress.h"

#include <infracost/common.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_EVERY_S 0.1

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fmt_size(char *out, size_t n, double v)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		infracost__snprintf(out, n, "%.0f %s", v, units[u]);
	else
		infracost__snprintf(out, n, "%.1f %s", v, units[u]);
}

void infracost__progress_init(infracost_progress *p, int mode, const char *label)
{
	memset(p, 0, sizeof(*p));
	p->on = mode == 1 || (mode < 0 && isatty(2));
	char shown[512];
	if (!label)
		label = "";
	/* A file name or URL reaches the terminal: its control characters
	 * escaped visibly (the tail is kept of a long one). */
	infracost_text_escape(shown, sizeof(shown), label);
	label = shown;
	if (strlen(label) < sizeof(p->label)) {
		infracost__snprintf(p->label, sizeof(p->label), "%s", label);
	} else {
		size_t keep = sizeof(p->label) - 4;
		infracost__snprintf(p->label, sizeof(p->label), "...%s",
				    label + strlen(label) - keep);
	}
	p->t_start = now_s();
}

void infracost__progress_restart(infracost_progress *p)
{
	p->t_start = now_s();
}

/* Redraw the line (len as snprintf returned it). */
static void put(infracost_progress *p, const char *line, int len)
{
	if (len < 0)
		return;
	if (len >= 200)
		len = 199;
	/* Blank what a longer previous line left behind. */
	fprintf(stderr, "\r%.*s%*s", len, line, p->drawn_len > len ? p->drawn_len - len : 0, "");
	fflush(stderr);
	p->drawn = 1;
	p->drawn_len = len;
	p->t_drawn = now_s();
}

static void draw(infracost_progress *p, double bytes, double total, const char *tail)
{
	char line[200], have[32], all[32], rate[32], eta[32] = "";
	double t = now_s() - p->t_start;
	double bps = t > 0.001 ? bytes / t : 0;
	int len;

	fmt_size(have, sizeof(have), bytes);
	fmt_size(rate, sizeof(rate), bps);
	if (!tail && total > 0 && bps > 0 && total >= bytes) {
		long s = (long)((total - bytes) / bps + 0.5);
		infracost__snprintf(eta, sizeof(eta), "  ETA %ld:%02ld", s / 60, s % 60);
	}
	if (total > 0 && total >= bytes) {
		fmt_size(all, sizeof(all), total);
		len = infracost__snprintf(line, sizeof(line), "%s  %s / %s  %3d%%  %s/s%s%s",
					  p->label, have, all, (int)(100.0 * bytes / total), rate,
					  eta, tail ? tail : "");
	} else {
		len = infracost__snprintf(line, sizeof(line), "%s  %s  %s/s%s", p->label, have,
					  rate, tail ? tail : "");
	}
	put(p, line, len);
}

void infracost__progress_update(infracost_progress *p, double bytes, double total)
{
	if (!p->on || (p->drawn && now_s() - p->t_drawn < PROGRESS_EVERY_S))
		return;
	draw(p, bytes, total, NULL);
}

void infracost__progress_done(infracost_progress *p, double bytes)
{
	if (!p->on)
		return;
	draw(p, bytes, 0, "  done");
	fputc('\n', stderr);
	fflush(stderr);
}

void infracost__progress_end(infracost_progress *p, const char *text)
{
	char line[200];
	if (!p->on)
		return;
	put(p, line, infracost__snprintf(line, sizeof(line), "%s  %s", p->label, text));
	fputc('\n', stderr);
	fflush(stderr);
}
