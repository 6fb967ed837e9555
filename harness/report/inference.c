// SPDX-License-Identifier: MIT
/*
 * inference.c - the inference behind --report's comparisons: Student's t
 * distribution (CDF through the regularized incomplete beta function,
 * quantile by safeguarded Newton iteration on the CDF), and the confidence
 * intervals and two-sample tests built on it and on Welford's variance
 * (Welch, and the pooled Student's t that FreeBSD's ministat prints).
 * Never used while measuring.
 *
 * Pure code: no I/O, no allocation, no global state of its own.
 * tests/test_stats.c checks it against textbook t tables, closed forms,
 * mpmath and the ministat binary.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "../statistics.h"
#include "inference.h"

#define STATS_SQRT1_2		0.70710678118654752440
#define STATS_LN_SQRT_2PI	0.91893853320467274178

/* Above this many degrees of freedom the t quantile is the normal one. */
#define T_NORMAL_DF		1e7

/* ---------------------------------------------------------------------
 * Student's t distribution
 */

/*
 * Continued fraction of the incomplete beta function, evaluated with the
 * modified Lentz method:
 *
 *   B_x(a, b) = x^a y^b / a * 1 / (1 + d1 / (1 + d2 / (1 + ...)))
 *
 *   d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
 *   d(2m)   =  m (b - m) x / ((a + 2m - 1)(a + 2m))
 *
 * Returns the denominator 1 + d1 / (1 + ...).  It converges quickly for
 * x < (a + 1) / (a + b + 2), in O(sqrt(max(a, b))) terms at worst.  For
 * the t distribution with huge df near |t| = sqrt(3) the result is of
 * order 1/df (d1 is close to -1), which costs about log10(df) digits:
 * ~1e-11 relative at df = 1e6, well inside the 1e-6 the callers need.
 */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double f = 1.0, c = 1.0, dd = 0.0;
	unsigned int i;

	for (i = 1; i <= 200000; i++) {
		double m = (double)(i / 2), coef, delta;

		if (i & 1)
			coef = -(a + m) * (a + b + m) * x /
			       ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
		else
			coef = m * (b - m) * x /
			       ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
		dd = 1.0 + coef * dd;
		if (fabs(dd) < tiny)
			dd = tiny;
		c = 1.0 + coef / c;
		if (fabs(c) < tiny)
			c = tiny;
		dd = 1.0 / dd;
		delta = c * dd;
		f *= delta;
		if (fabs(delta - 1.0) < 4.0 * DBL_EPSILON)
			break;
	}
	return f;
}

/*
 * log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b).  For the t
 * distribution with many degrees of freedom a is huge and b = 1/2, and
 * lgamma(a) - lgamma(a + b) would lose about log10(a ln a) digits to
 * cancellation; there the difference comes from Stirling's series instead:
 *
 *   lgamma(z) = (z - 1/2) ln z - z + ln sqrt(2 pi) + c(z),
 *   c(z) = 1/(12 z) - 1/(360 z^3) + 1/(1260 z^5) - 1/(1680 z^7) + ...
 *
 *   lgamma(a) - lgamma(a + b) = -(a - 1/2) log1p(b / a) - b ln(a + b) + b
 *                               + c(a) - c(a + b)
 *
 * (truncation error below 1e-21 for a >= 100).
 */
static double stirling_tail(double z)
{
	double z2 = z * z;

	return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 -
		(1.0 / 1680.0) / z2) / z2) / z2) / z;
}

static double log_beta(double a, double b)
{
	double big = a > b ? a : b, small = a > b ? b : a;

	if (big < 100.0)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	return lgamma(small) - (big - 0.5) * log1p(small / big) -
	       small * log(big + small) + small +
	       stirling_tail(big) - stirling_tail(big + small);
}

/*
 * Regularized incomplete beta I_x(a, b), with y = 1 - x passed separately
 * so that callers who know y more accurately than 1 - x (the t tail, far
 * out) keep that accuracy.
 */
static double ibeta(double a, double b, double x, double y)
{
	double lx, ly, front;

	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	lx = x < 0.5 ? log(x) : log1p(-y);
	ly = y < 0.5 ? log(y) : log1p(-x);
	front = exp(a * lx + b * ly - log_beta(a, b));
	if (x < (a + 1.0) / (a + b + 2.0))
		return front / (a * beta_cf(a, b, x));
	return 1.0 - front / (b * beta_cf(b, a, y));
}

/* P(Z > z) for the standard normal, z >= 0. */
static double normal_tail(double z)
{
	return 0.5 * erfc(z * STATS_SQRT1_2);
}

/* P(T > t) for t >= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2. */
static double t_tail(double t, double df)
{
	double t2, x, y;

	if (df > T_NORMAL_DF)
		return normal_tail(t);
	if (isinf(t))
		return 0.0;
	t2 = t * t;
	x = df / (df + t2);
	y = t2 / (df + t2);
	if (isnan(y))			/* t2 == inf */
		y = 1.0;
	return 0.5 * ibeta(0.5 * df, 0.5, x, y);
}

/*
 * Density of Student's t, 1 / (sqrt(df) B(df/2, 1/2)) (1 + t^2/df)^-((df+1)/2),
 * or of the normal past T_NORMAL_DF.
 */
static double t_pdf(double t, double df)
{
	if (df > T_NORMAL_DF)
		return exp(-0.5 * t * t - STATS_LN_SQRT_2PI);
	return exp(-log_beta(0.5 * df, 0.5) - 0.5 * log(df) -
		   0.5 * (df + 1.0) * log1p(t * t / df));
}

/**
 * student_t_cdf - distribution function of Student's t
 * @t: argument
 * @df: degrees of freedom, > 0, not necessarily an integer
 *
 * Computed from the regularized incomplete beta function; each tail is
 * computed directly, so small tail probabilities keep full relative
 * accuracy.  Beyond 1e7 degrees of freedom the normal distribution is used
 * (the difference is below 1e-7).
 *
 * Return: P(T <= @t), or NaN for NaN arguments or @df <= 0.
 */
double student_t_cdf(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	if (t >= 0.0)
		return 1.0 - t_tail(t, df);
	return t_tail(-t, df);
}

/*
 * The t >= 0 with t_tail(t, df) == q, for 0 < q < 0.5.  The tail is convex
 * and decreasing on [0, inf), so Newton's method started left of the root
 * climbs monotonically towards it; a bracket and bisection guard against
 * rounding near convergence.
 */
static double t_tail_inverse(double q, double df)
{
	double lo = 0.0, hi = 1.0, t;
	unsigned int i;

	while (t_tail(hi, df) > q) {
		lo = hi;
		hi *= 2.0;
		if (isinf(hi))
			return INFINITY;
	}
	t = lo;
	for (i = 0; i < 500; i++) {
		double f = t_tail(t, df) - q;
		double d = t_pdf(t, df);
		double next;

		if (f == 0.0)
			return t;
		if (f > 0.0)
			lo = t;
		else
			hi = t;
		next = d > 0.0 ? t + f / d : 0.5 * (lo + hi);
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - t) <= 4.0 * DBL_EPSILON * next ||
		    hi - lo <= 4.0 * DBL_EPSILON * hi)
			return next;
		t = next;
	}
	return t;
}

/**
 * student_t_quantile - inverse distribution function of Student's t
 * @p: probability in [0, 1]
 * @df: degrees of freedom, > 0, not necessarily an integer
 *
 * For a two-sided interval at confidence level L use p = (1 + L) / 2.
 * Solves student_t_cdf(t, @df) == @p on the nearer tail (relative accuracy
 * close to machine precision).  Beyond 1e7 degrees of freedom this is the
 * normal quantile.
 *
 * Return: t with P(T <= t) = @p; -inf/+inf for @p 0/1; NaN for NaN
 * arguments, @p outside [0, 1] or @df <= 0.
 */
double student_t_quantile(double p, double df)
{
	if (isnan(p) || isnan(df) || !(df > 0.0) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	if (p == 0.5)
		return 0.0;
	if (p < 0.5)
		return -t_tail_inverse(p, df);
	return t_tail_inverse(1.0 - p, df);
}

/* ---------------------------------------------------------------------
 * Confidence intervals and two-sample tests
 */

static void welford_of(struct welford *w, const double *x, size_t n)
{
	size_t i;

	welford_init(w);
	for (i = 0; i < n; i++)
		welford_add(w, x[i]);
}

static bool level_ok(double level)
{
	return level > 0.0 && level < 1.0;
}

/**
 * stats_mean_ci - confidence interval for the mean of a sample
 * @x: sample
 * @n: sample size
 * @level: confidence level in (0, 1), e.g. 0.95
 * @out: result
 *
 * mean +/- t_{(1+level)/2, n-1} * s / sqrt(n), with s the sample standard
 * deviation.
 *
 * Return: 0, or -1 (errno untouched, @out untouched) when @n < 2 or
 * @level is not in (0, 1).
 */
int stats_mean_ci(const double *x, size_t n, double level, struct ci *out)
{
	struct welford w;
	double t;

	if (n < 2 || !level_ok(level))
		return -1;
	welford_of(&w, x, n);
	t = student_t_quantile(0.5 * (1.0 + level), (double)(n - 1));
	out->mean = w.mean;
	out->half = t * welford_sd(&w) / sqrt((double)n);
	out->lo = out->mean - out->half;
	out->hi = out->mean + out->half;
	out->n = n;
	return 0;
}

/**
 * stats_cov - coefficient of variation
 * @x: sample
 * @n: sample size
 *
 * Return: sample standard deviation / mean; 0 when @n < 2 or the mean is 0.
 */
double stats_cov(const double *x, size_t n)
{
	struct welford w;

	if (n < 2)
		return 0.0;
	welford_of(&w, x, n);
	if (w.mean == 0.0)
		return 0.0;
	return welford_sd(&w) / w.mean;
}

/*
 * Fill in everything that follows from the difference, its standard error
 * and the degrees of freedom.  se == 0 (both samples constant) gives a zero
 * half-width and t = +-inf, p = 0 for a nonzero difference, t = 0, p = 1
 * otherwise.  The percentages are 0 when the baseline mean is 0.
 */
static void compare_fill(struct compare *out, double diff, double se,
			 double df, double level, double mean_a)
{
	double tq = student_t_quantile(0.5 * (1.0 + level), df);

	out->diff = diff;
	out->df = df;
	out->half = tq * se;
	if (se > 0.0) {
		out->t = diff / se;
		out->p = 2.0 * t_tail(fabs(out->t), df);
	} else {
		out->t = diff == 0.0 ? 0.0 : copysign(INFINITY, diff);
		out->p = diff == 0.0 ? 1.0 : 0.0;
	}
	if (mean_a != 0.0) {
		out->pct = 100.0 * diff / mean_a;
		out->pct_half = 100.0 * out->half / mean_a;
	} else {
		out->pct = 0.0;
		out->pct_half = 0.0;
	}
	out->significant = fabs(diff) > out->half;
}

/**
 * stats_welch - Welch's unequal-variance t-test, candidate against baseline
 * @a: baseline sample
 * @na: baseline size
 * @b: candidate sample
 * @nb: candidate size
 * @level: confidence level in (0, 1), e.g. 0.95
 * @out: result; @out->pooled_s is 0
 *
 * diff = mean(b) - mean(a), se = sqrt(va/na + vb/nb), and the
 * Welch-Satterthwaite degrees of freedom
 * df = se^4 / ((va/na)^2 / (na-1) + (vb/nb)^2 / (nb-1)),
 * half = t_{(1+level)/2, df} * se.  When both samples are constant df is
 * taken as na + nb - 2.
 *
 * Return: 0, or -1 (errno untouched, @out untouched) when @na < 2,
 * @nb < 2 or @level is not in (0, 1).
 */
void stats_compare_step(struct compare *c, double step, double mean_a)
{
	if (!(step > c->half))
		return;
	c->half = step;
	c->pct_half = mean_a != 0.0 ? 100.0 * step / fabs(mean_a) : 0.0;
	c->significant = fabs(c->diff) > c->half;
}

int stats_welch(const double *a, size_t na, const double *b, size_t nb,
		double level, struct compare *out)
{
	struct welford wa, wb;
	double ua, ub, se2, df;

	if (na < 2 || nb < 2 || !level_ok(level))
		return -1;
	welford_of(&wa, a, na);
	welford_of(&wb, b, nb);
	ua = welford_var(&wa) / (double)na;
	ub = welford_var(&wb) / (double)nb;
	se2 = ua + ub;
	if (se2 > 0.0)
		df = se2 * se2 / (ua * ua / (double)(na - 1) +
				  ub * ub / (double)(nb - 1));
	else
		df = (double)(na + nb - 2);
	compare_fill(out, wb.mean - wa.mean, sqrt(se2), df, level, wa.mean);
	out->pooled_s = 0.0;
	return 0;
}

/**
 * stats_student_pooled - Student's t-test with pooled variance
 * @a: baseline sample
 * @na: baseline size
 * @b: candidate sample
 * @nb: candidate size
 * @level: confidence level in (0, 1), e.g. 0.95
 * @out: result
 *
 * What FreeBSD's ministat prints ("Difference at 95.0% confidence"), with
 * @a as its first file: pooled_s^2 = ((na-1) va + (nb-1) vb) / (na+nb-2),
 * se = pooled_s * sqrt(1/na + 1/nb), df = na + nb - 2,
 * half = t_{(1+level)/2, df} * se, pct and pct_half relative to mean(a).
 * ministat takes t from a 3-decimal table (and the df = inf row past 100),
 * so its half-width differs from this one in the fourth digit.
 *
 * Return: 0, or -1 (errno untouched, @out untouched) when @na < 2,
 * @nb < 2 or @level is not in (0, 1).
 */
int stats_student_pooled(const double *a, size_t na, const double *b, size_t nb,
			 double level, struct compare *out)
{
	struct welford wa, wb;
	double df, sp;

	if (na < 2 || nb < 2 || !level_ok(level))
		return -1;
	welford_of(&wa, a, na);
	welford_of(&wb, b, nb);
	df = (double)(na + nb - 2);
	sp = sqrt((wa.m2 + wb.m2) / df);
	compare_fill(out, wb.mean - wa.mean,
		     sp * sqrt(1.0 / (double)na + 1.0 / (double)nb), df, level,
		     wa.mean);
	out->pooled_s = sp;
	return 0;
}
