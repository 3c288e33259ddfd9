/* progress.h - a progress line on stderr for long reads: bytes, share,
 * rate and time left, redrawn in place at most every 0.1 s. Used by
 * http.c (downloads) and fetch.c (imports of a file). */
#ifndef INFRACOST_PROGRESS_H
#define INFRACOST_PROGRESS_H

typedef struct infracost_progress {
	int on; /* drawing at all */
	char label[48];
	double t_start, t_drawn;
	int drawn, drawn_len;
} infracost_progress;

/* mode 1: always, 0: never, -1: when stderr is a terminal. A long label
 * keeps its end (which names the file). Starts the clock. */
void infracost__progress_init(infracost_progress *p, int mode, const char *label);
/* Start the clock again (a retried download). */
void infracost__progress_restart(infracost_progress *p);
/* bytes of total so far (total 0 when unknown); drawn at most every 0.1 s. */
void infracost__progress_update(infracost_progress *p, double bytes, double total);
/* The last line, then a line feed: "LABEL  SIZE  RATE/s  done", or
 * "LABEL  TEXT" (failed, not modified). Nothing when off. */
void infracost__progress_done(infracost_progress *p, double bytes);
void infracost__progress_end(infracost_progress *p, const char *text);

#endif
