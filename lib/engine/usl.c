/* usl.c - the Universal Scalability Law fitted to load-test points (infracost/capacity.h).
 *
 *   X(N) = gamma N / (1 + alpha (N - 1) + beta N (N - 1)),  alpha, beta >= 0
 *
 * Least squares on the throughput itself (as the R package usl and Gunther's
 * nonlinear fits do), by GSL's trust-region Levenberg-Marquardt
 * (multifit_nlinear) with the analytic Jacobian.
 *
 * The bounds are handled by an active set, exactly: the constrained optimum is
 * the unconstrained optimum of one face of the feasible region - the interior
 * (alpha, beta, gamma free), the edge beta = 0 (Amdahl's law), the edge
 * alpha = 0, or the corner alpha = beta = 0 (linear scaling, a linear fit).
 * Each face is fitted and the feasible result with the smallest residual
 * wins; a simpler face wins a tie, so data without coherency delay gives
 * beta = 0 exactly (no peak) rather than 1e-17 and a "peak" at 1e8.
 *
 * Scaling: throughput is divided by its largest value and beta is fitted as
 * beta N_max^2, so the parameters GSL sees are all of order one.
 * Starting values come from Gunther's linearisation: with gamma0 = X / N at
 * the smallest load, gamma0 N / X - 1 = alpha (N - 1) + beta N (N - 1) is
 * linear in alpha and beta.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "cnum.h"
#include "infracost/capacity.h"
#include "alloc.h"
#include "buf.h"
#include "csv.h"
#include "error.h"

#define FIT_MAXITER 500
#define FIT_XTOL 1e-13
#define FIT_GTOL 1e-13
#define FIT_FTOL 0.0
/* grid_start: points per parameter */
#define GRID 24

/* The points, scaled: y = X / xs; beta = b / ns2. */
struct points {
	const double *n, *x;
	size_t count;
	double xs, ns2;
};

/* One face of the feasible region: which of alpha and beta are free (the
 * others are 0); gamma is always free. */
struct face {
	const struct points *pts;
	int free_alpha, free_beta;
};

struct candidate {
	int ok; /* converged, within the bounds */
	int nfree, free_alpha, free_beta;
	double alpha, beta, gamma, sse;
};

static void unpack(const struct face *fc, const gsl_vector *v, double *alpha, double *b, double *g)
{
	size_t i = 0;
	*alpha = fc->free_alpha ? gsl_vector_get(v, i++) : 0;
	*b = fc->free_beta ? gsl_vector_get(v, i++) : 0;
	*g = gsl_vector_get(v, i);
}

static double denominator(double n, double alpha, double beta)
{
	return 1 + alpha * (n - 1) + beta * n * (n - 1);
}

static int usl_f(const gsl_vector *v, void *params, gsl_vector *f)
{
	const struct face *fc = params;
	const struct points *p = fc->pts;
	double alpha, b, g;

	unpack(fc, v, &alpha, &b, &g);
	for (size_t i = 0; i < p->count; i++) {
		double d = denominator(p->n[i], alpha, b / p->ns2);
		if (!(d > 0) || !isfinite(d))
			return GSL_EDOM;
		gsl_vector_set(f, i, g * p->n[i] / d - p->x[i] / p->xs);
	}
	return GSL_SUCCESS;
}

static int usl_df(const gsl_vector *v, void *params, gsl_matrix *jac)
{
	const struct face *fc = params;
	const struct points *p = fc->pts;
	double alpha, b, g;

	unpack(fc, v, &alpha, &b, &g);
	for (size_t i = 0; i < p->count; i++) {
		double n = p->n[i], d = denominator(n, alpha, b / p->ns2);
		size_t col = 0;
		if (!(d > 0) || !isfinite(d))
			return GSL_EDOM;
		if (fc->free_alpha)
			gsl_matrix_set(jac, i, col++, -g * n * (n - 1) / (d * d));
		if (fc->free_beta)
			gsl_matrix_set(jac, i, col++, -g * n * n * (n - 1) / (p->ns2 * d * d));
		gsl_matrix_set(jac, i, col, n / d);
	}
	return GSL_SUCCESS;
}

/* Residual sum of squares in the data's units; fills c->ok with feasibility. */
static void judge(struct candidate *c, const struct points *p)
{
	double sse = 0;
	c->ok = isfinite(c->alpha) && isfinite(c->beta) && isfinite(c->gamma) && c->alpha >= 0 &&
		c->beta >= 0 && c->gamma > 0;
	for (size_t i = 0; c->ok && i < p->count; i++) {
		double d = denominator(p->n[i], c->alpha, c->beta), r;
		if (!(d > 0)) {
			c->ok = 0;
			break;
		}
		r = c->gamma * p->n[i] / d - p->x[i];
		sse += r * r;
	}
	c->sse = sse;
	if (!isfinite(sse))
		c->ok = 0;
}

/* J^T f in scaled units (alpha, b, g): 0 at a stationary point; at a bound,
 * a component >= 0 says moving off the bound would not help. */
static void gradient(const struct points *p, double alpha, double b, double g, double grad[3])
{
	grad[0] = grad[1] = grad[2] = 0;
	for (size_t i = 0; i < p->count; i++) {
		double n = p->n[i], d = denominator(n, alpha, b / p->ns2);
		double r = g * n / d - p->x[i] / p->xs;
		grad[0] += -g * n * (n - 1) / (d * d) * r;
		grad[1] += -g * n * n * (n - 1) / (p->ns2 * d * d) * r;
		grad[2] += n / d * r;
	}
}

/* What counts as 0 for a gradient component (scaled units). */
static double gradient_tol(const struct points *p)
{
	return 1e-10 * (double)p->count;
}

/* Fit one face from start = {alpha, b, g} (scaled); a face that fails to
 * converge is simply not a candidate. */
static void fit_from(struct candidate *c, gsl_multifit_nlinear_workspace *w, const struct face *fc,
		     const double start[3])
{
	gsl_multifit_nlinear_fdf fdf;
	double x0[3], alpha, b, g;
	size_t p = 0;
	gsl_vector_view xv;
	int s, info = 0;

	memset(c, 0, sizeof(*c));
	if (fc->free_alpha)
		x0[p++] = start[0];
	if (fc->free_beta)
		x0[p++] = start[1];
	x0[p++] = start[2];
	c->nfree = (int)p;
	xv = gsl_vector_view_array(x0, p);
	memset(&fdf, 0, sizeof(fdf));
	fdf.f = usl_f;
	fdf.df = usl_df;
	fdf.fvv = NULL;
	fdf.n = fc->pts->count;
	fdf.p = p;
	fdf.params = (void *)fc;
	if (gsl_multifit_nlinear_init(&xv.vector, &fdf, w) != GSL_SUCCESS)
		return; /* the model cannot be evaluated at the start */
	s = gsl_multifit_nlinear_driver(FIT_MAXITER, FIT_XTOL, FIT_GTOL, FIT_FTOL, NULL, NULL,
					&info, w);
	unpack(fc, gsl_multifit_nlinear_position(w), &alpha, &b, &g);
	c->alpha = alpha;
	c->beta = b / fc->pts->ns2;
	c->gamma = g * fc->pts->xs;
	judge(c, fc->pts);
	/* Short of GSL's own tests (GSL_ENOPROG when no step reduces the
	 * residual, as at an exact fit; even GSL_EMAXITER when started at one),
	 * a point counts when it is stationary: J^T f at rounding level. */
	if (s != GSL_SUCCESS && c->ok) {
		double grad[3], norm;
		gradient(fc->pts, alpha, b, g, grad);
		norm = sqrt((fc->free_alpha ? grad[0] * grad[0] : 0) +
			    (fc->free_beta ? grad[1] * grad[1] : 0) + grad[2] * grad[2]);
		if (norm > gradient_tol(fc->pts))
			c->ok = 0;
	}
	c->free_alpha = fc->free_alpha;
	c->free_beta = fc->free_beta;
}

/* Gunther's linearisation: gamma0 = X / N at the smallest load, then
 * y = gamma0 N / X - 1 = alpha (N - 1) + b u with u = N (N - 1) / ns2, by least
 * squares without intercept: the pair for the interior and each variable
 * alone for the edges. Negative values start at 0. */
static void linear_start(const struct points *p, double both[3], double alpha_only[3],
			 double beta_only[3])
{
	double nmin = p->n[0], xmin = 0, g0, saa = 0, sab = 0, sbb = 0, sya = 0, syb = 0, det;
	size_t k = 0;

	for (size_t i = 1; i < p->count; i++)
		if (p->n[i] < nmin)
			nmin = p->n[i];
	for (size_t i = 0; i < p->count; i++)
		if (p->n[i] == nmin) {
			xmin += p->x[i];
			k++;
		}
	g0 = xmin / (double)k / nmin;
	for (size_t i = 0; i < p->count; i++) {
		double n = p->n[i], y = g0 * n / p->x[i] - 1, a = n - 1, b = n * (n - 1) / p->ns2;
		saa += a * a;
		sab += a * b;
		sbb += b * b;
		sya += y * a;
		syb += y * b;
	}
	g0 /= p->xs;
	alpha_only[0] = saa > 0 ? fmax(0, sya / saa) : 0;
	alpha_only[1] = 0;
	beta_only[0] = 0;
	beta_only[1] = sbb > 0 ? fmax(0, syb / sbb) : 0;
	det = saa * sbb - sab * sab;
	if (det > 1e-12 * saa * sbb) {
		both[0] = fmax(0, (sya * sbb - syb * sab) / det);
		both[1] = fmax(0, (syb * saa - sya * sab) / det);
	} else {
		both[0] = alpha_only[0];
		both[1] = 0;
	}
	both[2] = alpha_only[2] = beta_only[2] = g0;
}

/* The best point of a coarse logarithmic grid over the face's free
 * parameters (alpha from 1e-6 to 10, b = beta N_max^2 from 1e-6 to 1e4, and
 * 0), gamma in closed form for each: a start that does not need the data to
 * be near the model, for data the linearisation misleads. */
static void grid_start(const struct points *p, const struct face *fc, double start[3])
{
	double best = INFINITY;
	start[0] = start[1] = 0;
	start[2] = 1;
	for (int ia = -1; ia < (fc->free_alpha ? GRID : 0); ia++) {
		double alpha = ia < 0 ? 0 : pow(10, -6 + 7.0 * ia / (GRID - 1));
		for (int ib = -1; ib < (fc->free_beta ? GRID : 0); ib++) {
			double b = ib < 0 ? 0 : pow(10, -6 + 10.0 * ib / (GRID - 1));
			double shy = 0, shh = 0, sse = 0, g;
			for (size_t i = 0; i < p->count; i++) {
				double h = p->n[i] / denominator(p->n[i], alpha, b / p->ns2);
				shy += h * p->x[i] / p->xs;
				shh += h * h;
			}
			g = shy / shh;
			for (size_t i = 0; i < p->count; i++) {
				double h = p->n[i] / denominator(p->n[i], alpha, b / p->ns2);
				double r = g * h - p->x[i] / p->xs;
				sse += r * r;
			}
			if (sse < best) {
				best = sse;
				start[0] = alpha;
				start[1] = b;
				start[2] = g;
			}
		}
	}
}

/* A face fitted from the linearised start and from the grid's best point;
 * the better of the two. */
static void fit_face(struct candidate *c, gsl_multifit_nlinear_workspace *w, const struct face *fc,
		     const double linear[3])
{
	struct candidate other;
	double grid[3];
	fit_from(c, w, fc, linear);
	grid_start(fc->pts, fc, grid);
	fit_from(&other, w, fc, grid);
	if (other.ok && (!c->ok || other.sse < c->sse))
		*c = other;
}

static int fit(infracost_usl *out, const double *load, const double *throughput, size_t n,
	       const char *source)
{
	struct points pts;
	struct face faces[3];
	struct candidate cand[4], *best = NULL;
	double starts[3][3], nmax = 0, xmax = 0, sn2 = 0, snx = 0, mean = 0, sst = 0, sx2 = 0;
	double values[3];
	size_t distinct = 0;
	gsl_multifit_nlinear_workspace *w3 = NULL, *w2 = NULL;
	gsl_multifit_nlinear_parameters params;
	infracost_usl r;

	if (!out || (n > 0 && (!load || !throughput)))
		return infracost__error(INFRACOST_EINVALID, "usl fit: no output or no data given");
	if (n < 3)
		return infracost__error_at(INFRACOST_EINVALID, source, 0, 0, NULL,
					   "the USL has three parameters and needs at least 3 "
					   "load-test points (got %zu)",
					   n);
	for (size_t i = 0; i < n; i++) {
		if (!(isfinite(load[i]) && load[i] > 0))
			return infracost__error_at(INFRACOST_EINVALID, source, 0, 0, NULL,
						   "point %zu: load must be a positive number "
						   "(got %g)",
						   i + 1, load[i]);
		if (!(isfinite(throughput[i]) && throughput[i] > 0))
			return infracost__error_at(INFRACOST_EINVALID, source, 0, 0, NULL,
						   "point %zu: throughput must be a positive "
						   "number (got %g)",
						   i + 1, throughput[i]);
		/* up to 3 distinct loads are all the count needs */
		if (distinct < 3) {
			int seen = 0;
			for (size_t j = 0; j < distinct; j++)
				seen |= values[j] == load[i];
			if (!seen)
				values[distinct++] = load[i];
		}
		nmax = fmax(nmax, load[i]);
		xmax = fmax(xmax, throughput[i]);
	}
	if (distinct < 3)
		return infracost__error_at(INFRACOST_EINVALID, source, 0, 0, NULL,
					   "the loads take %zu distinct value%s: the USL's three "
					   "parameters need at least 3",
					   distinct, distinct == 1 ? "" : "s");
	pts.n = load;
	pts.x = throughput;
	pts.count = n;
	pts.xs = xmax;
	pts.ns2 = nmax * nmax;

	params = gsl_multifit_nlinear_default_parameters();
	params.trs = gsl_multifit_nlinear_trs_lm;
	params.scale = gsl_multifit_nlinear_scale_more;
	params.solver = gsl_multifit_nlinear_solver_qr;
	w3 = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, 3);
	w2 = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, 2);
	if (!w3 || !w2) {
		if (w3)
			gsl_multifit_nlinear_free(w3);
		if (w2)
			gsl_multifit_nlinear_free(w2);
		return infracost__error_oom();
	}
	linear_start(&pts, starts[0], starts[1], starts[2]);
	faces[0] = (struct face){&pts, 1, 1};
	faces[1] = (struct face){&pts, 1, 0}; /* Amdahl: beta = 0 */
	faces[2] = (struct face){&pts, 0, 1}; /* alpha = 0 */
	fit_face(&cand[0], w3, &faces[0], starts[0]);
	fit_face(&cand[1], w2, &faces[1], starts[1]);
	fit_face(&cand[2], w2, &faces[2], starts[2]);
	gsl_multifit_nlinear_free(w3);
	gsl_multifit_nlinear_free(w2);
	/* The corner alpha = beta = 0: X = gamma N, linear least squares. */
	for (size_t i = 0; i < n; i++) {
		sn2 += load[i] * load[i];
		snx += load[i] * throughput[i];
		sx2 += throughput[i] * throughput[i];
		mean += throughput[i];
	}
	memset(&cand[3], 0, sizeof(cand[3]));
	cand[3].gamma = snx / sn2;
	judge(&cand[3], &pts);
	cand[3].nfree = 1;

	/* A point on a bound is the constrained optimum of its face only if
	 * moving off the bound does not reduce the residual (the Karush-Kuhn-
	 * Tucker condition: the fixed parameter's gradient component >= 0). */
	for (int i = 0; i < 4; i++) {
		double grad[3];
		if (!cand[i].ok || (cand[i].free_alpha && cand[i].free_beta))
			continue;
		gradient(&pts, cand[i].alpha, cand[i].beta * pts.ns2, cand[i].gamma / pts.xs, grad);
		if ((!cand[i].free_alpha && grad[0] < -gradient_tol(&pts)) ||
		    (!cand[i].free_beta && grad[1] < -gradient_tol(&pts)))
			cand[i].ok = 0;
	}
	/* The smallest residual; a face with fewer free parameters takes over
	 * when it fits as well to rounding (tolerance relative to the data). */
	for (int i = 0; i < 4; i++)
		if (cand[i].ok && (!best || cand[i].sse < best->sse))
			best = &cand[i];
	if (!best)
		return infracost__error_at(
			INFRACOST_ENUMERIC, source, 0, 0, NULL,
			"the USL fit did not converge for these %zu points (they "
			"do not determine alpha, beta and gamma)",
			n);
	{
		double tol = best->sse * 1e-9 + sx2 * 1e-24;
		for (int i = 0; i < 4; i++)
			if (cand[i].ok && cand[i].nfree < best->nfree &&
			    cand[i].sse <= best->sse + tol)
				best = &cand[i];
	}

	memset(&r, 0, sizeof(r));
	r.alpha = best->alpha;
	r.beta = best->beta;
	r.gamma = best->gamma;
	r.points = n;
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		sst += (throughput[i] - mean) * (throughput[i] - mean);
	/* All throughputs equal: a model that reproduces them explains all. */
	r.r_squared = sst > 0 ? 1 - best->sse / sst : (best->sse <= sx2 * 1e-24 ? 1 : 0);
	if (r.beta > 0 && r.alpha < 1) {
		r.peak_load = sqrt((1 - r.alpha) / r.beta);
		r.peak_throughput = infracost_usl_throughput(&r, r.peak_load);
	}
	*out = r;
	return 0;
}

int infracost_usl_fit(infracost_usl *out, const double *load, const double *throughput, size_t n)
{
	return fit(out, load, throughput, n, NULL);
}

double infracost_usl_throughput(const infracost_usl *model, double load)
{
	double d;
	if (!model || !isfinite(load) || load < 0)
		return NAN;
	if (load == 0)
		return 0;
	d = denominator(load, model->alpha, model->beta);
	return d > 0 ? model->gamma * load / d : NAN;
}

/* ---- the CSV file ---- */

/* The field's text without surrounding blanks, into dst (size cap). */
static void trimmed(char *dst, size_t cap, const infracost_csv_field *f)
{
	const char *s = f->text, *e = f->text + f->len;
	size_t len;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	len = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* A field as a positive finite number (surrounding blanks allowed). */
static int parse_value(double *out, const infracost_csv_field *f, const char *name,
		       const char *path, int line)
{
	const char *s = f->text, *end = f->text + f->len;
	char *stop;
	double v;

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (s == end)
		return infracost__error_at(INFRACOST_EINVALID, path, line, f->column, NULL,
					   "%s is empty", name);
	v = infracost__strtod(s, &stop); /* the field is NUL-terminated */
	if (stop != end)
		return infracost__error_at(INFRACOST_EINVALID, path, line, f->column, NULL,
					   "%s: '%.*s%s' is not a number", name,
					   (int)(end - s > 40 ? 40 : end - s), s,
					   end - s > 40 ? "..." : "");
	if (!isfinite(v) || !(v > 0))
		return infracost__error_at(INFRACOST_EINVALID, path, line, f->column, NULL,
					   "%s must be a positive finite number (got %.*s%s)", name,
					   (int)(end - s > 40 ? 40 : end - s), s,
					   end - s > 40 ? "..." : "");
	*out = v;
	return 0;
}

int infracost_usl_fit_file(infracost_usl *out, const char *path)
{
	infracost_file_view view;
	infracost_csv csv;
	double *load = NULL, *tp = NULL;
	size_t n = 0, cap_l = 0, cap_t = 0, col_load = (size_t)-1, col_tp = (size_t)-1;
	int rc, header_line;

	if (!out || !path)
		return infracost__error(INFRACOST_EINVALID, "usl fit: no output or no path given");
	if ((rc = infracost__file_open(&view, path)))
		return rc;
	infracost__csv_init(&csv, view.data, view.len, path);
	rc = infracost__csv_next(&csv);
	if (rc <= 0) {
		if (rc == 0)
			rc = infracost__error_at(INFRACOST_EINVALID, path, 1, 1, NULL,
						 "no header: expected the header "
						 "\"load,throughput\"");
		goto done;
	}
	header_line = csv.record_line;
	for (size_t i = 0; i < csv.nfields; i++) {
		char name[32];
		size_t *col = NULL;
		trimmed(name, sizeof(name), &csv.fields[i]);
		if (strcasecmp(name, "load") == 0)
			col = &col_load;
		else if (strcasecmp(name, "throughput") == 0)
			col = &col_tp;
		if (!col)
			continue; /* other columns are ignored */
		if (*col != (size_t)-1) {
			rc = infracost__error_at(INFRACOST_EINVALID, path, header_line,
						 csv.fields[i].column, NULL,
						 "column '%s' appears twice in the header", name);
			goto done;
		}
		*col = i;
	}
	if (col_load == (size_t)-1 || col_tp == (size_t)-1) {
		rc = infracost__error_at(INFRACOST_EINVALID, path, header_line, 1, NULL,
					 "the header has no column '%s' (it must name load and "
					 "throughput)",
					 col_load == (size_t)-1 ? "load" : "throughput");
		goto done;
	}
	while ((rc = infracost__csv_next(&csv)) == 1) {
		size_t need = (col_load > col_tp ? col_load : col_tp) + 1;
		const infracost_csv_field *last = &csv.fields[csv.nfields - 1];
		if (csv.nfields < need) {
			rc = infracost__error_at(
				INFRACOST_EINVALID, path, csv.record_line,
				last->column + (int)last->len, NULL,
				"missing the %s value (column %zu; this row has %zu field%s)",
				col_load >= csv.nfields ? "load" : "throughput", need, csv.nfields,
				csv.nfields == 1 ? "" : "s");
			goto done;
		}
		if (infracost__grow((void **)&load, &cap_l, n + 1, sizeof(*load)) ||
		    infracost__grow((void **)&tp, &cap_t, n + 1, sizeof(*tp))) {
			rc = infracost__error_oom();
			goto done;
		}
		if ((rc = parse_value(&load[n], &csv.fields[col_load], "load", path,
				      csv.record_line)) ||
		    (rc = parse_value(&tp[n], &csv.fields[col_tp], "throughput", path,
				      csv.record_line)))
			goto done;
		n++;
	}
	if (rc < 0)
		goto done;
	rc = fit(out, load, tp, n, path);
done:
	infracost__csv_free(&csv);
	infracost__file_close(&view);
	infracost__free(load);
	infracost__free(tp);
	return rc;
}
