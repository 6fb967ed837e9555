// SPDX-License-Identifier: MIT
/*
 * test_stats.c - TAP tests for stats.c: the histogram's bucket mapping and
 * quantiles against exactly sorted samples, Welford against the two-pass
 * formula, Student's t against printed tables, closed forms (df = 1, 2) and
 * the Cornish-Fisher expansion, Welch against a worked example, and the
 * pooled t-test against the output of FreeBSD's ministat.
 *
 * Reference numbers that are not from a printed table were computed with
 * mpmath 1.3.0 at 40 significant digits (t CDF as betainc(df/2, 1/2, 0,
 * df/(df+t^2), regularized=True)/2, quantile by findroot on it), which
 * shares no code with stats.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "../harness/histogram.h"
#include "../harness/statistics.h"
#include "../harness/report/inference.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NSAMPLES	100000
#define PI		3.14159265358979323846

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: fixed seed, so every run sees the same samples. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Uniform in (0, 1]. */
static double rng_unit(void)
{
	return (double)((rng() >> 11) + 1) * 0x1p-53;
}

static bool rel_close(double got, double want, double rel)
{
	if (want == 0.0)
		return fabs(got) <= rel;
	return fabs(got - want) <= rel * fabs(want);
}

/*
 * True when @got, printed with %g (6 significant digits), would show
 * @printed: within half a unit of its last digit.
 */
static bool g6_match(double got, double printed)
{
	double unit = pow(10.0, floor(log10(fabs(printed))) - 5.0);

	return fabs(got - printed) <= 0.5 * unit * (1.0 + 1e-9);
}

/* ---------------------------------------------------------------------
 * Histogram: bucket mapping
 */

static const uint64_t special[] = {
	0, 1, 2, 62, 63, 64, 65, 100, 126, 127, 128, 129, 130, 191, 192,
	255, 256, 257, 1000, 4095, 4096, 1000000, 0xffffffffull,
	0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
	UINT64_MAX - 1, UINT64_MAX,
};

/* A value of random magnitude: every bucket range gets hit. */
static uint64_t rng_wide(void)
{
	uint64_t v = rng();

	return v >> (rng() % 64);
}

static void test_bucket_mapping(void)
{
	static struct hist h;
	bool bracket = true, agree = true, onto = true, contig = true;
	bool width = true, linear = true;
	unsigned int b, i;

	hist_init(&h);
	for (i = 0; i < ARRAY_SIZE(special) + 200000; i++) {
		uint64_t v = i < ARRAY_SIZE(special) ? special[i] : rng_wide();
		unsigned int bv = hist_bucket_of(v);
		uint64_t before;

		if (bv >= HIST_BUCKETS || hist_bucket_low(bv) > v ||
		    v > hist_bucket_high(bv)) {
			if (bracket)
				diag("v=%llu bucket %u [%llu, %llu]",
				     (unsigned long long)v, bv,
				     (unsigned long long)hist_bucket_low(bv),
				     (unsigned long long)hist_bucket_high(bv));
			bracket = false;
			continue;
		}
		before = h.bucket[bv];
		hist_add(&h, v);
		if (h.bucket[bv] != before + 1) {
			if (agree)
				diag("hist_add(%llu) missed bucket %u",
				     (unsigned long long)v, bv);
			agree = false;
		}
	}
	ok(bracket, "bucket_low(bucket_of(v)) <= v <= bucket_high(bucket_of(v)) for edge and 200k random values");
	ok(agree && h.count == ARRAY_SIZE(special) + 200000,
	   "hist_add counts each value in hist_bucket_of's bucket");

	for (b = 0; b < HIST_BUCKETS; b++) {
		uint64_t lo = hist_bucket_low(b), hi = hist_bucket_high(b);

		if (lo > hi || hist_bucket_of(lo) != b || hist_bucket_of(hi) != b)
			onto = false;
		if (b + 1 < HIST_BUCKETS && hi + 1 != hist_bucket_low(b + 1)) {
			if (contig)
				diag("gap after bucket %u: high %llu, next low %llu",
				     b, (unsigned long long)hi,
				     (unsigned long long)hist_bucket_low(b + 1));
			contig = false;
		}
		/* width <= low / 64, i.e. relative width <= 1/64 */
		if (b >= HIST_SUB && (hi - lo + 1) * HIST_SUB > lo)
			width = false;
		if (b < 2 * HIST_SUB && lo != hi)
			linear = false;
	}
	ok(onto, "both ends of every bucket map back to that bucket");
	ok(contig && hist_bucket_low(0) == 0 &&
	   hist_bucket_high(HIST_BUCKETS - 1) == UINT64_MAX,
	   "buckets are contiguous and monotone from 0 to UINT64_MAX");
	ok(width, "bucket width <= 1/64 of its low end above the linear range");
	ok(linear, "values below 128 have a bucket each");
	ok(hist_bucket_of(63) == 63 && hist_bucket_of(64) == 64 &&
	   hist_bucket_of(127) == 127 && hist_bucket_of(128) == 128 &&
	   hist_bucket_of(129) == 128 && hist_bucket_of(130) == 129 &&
	   hist_bucket_of(UINT64_MAX) == HIST_BUCKETS - 1,
	   "bucket_of at the 63/64/127/128 seams and UINT64_MAX");
	ok(hist_bucket_low(HIST_BUCKETS) == UINT64_MAX &&
	   hist_bucket_high(HIST_BUCKETS + 7) == UINT64_MAX,
	   "out-of-range bucket index gives UINT64_MAX");
}

static void test_hist_basics(void)
{
	static struct hist h;
	bool zero = true;
	unsigned int b;

	memset(&h, 0xa5, sizeof(h));
	hist_init(&h);
	for (b = 0; b < HIST_BUCKETS; b++)
		if (h.bucket[b])
			zero = false;
	ok(zero && h.count == 0 && h.sum == 0 && h.min == UINT64_MAX &&
	   h.max == 0, "hist_init: empty, min UINT64_MAX, max 0");
	ok(hist_quantile(&h, 0.5) == 0.0 && hist_mean(&h) == 0.0,
	   "empty histogram: quantile and mean are 0");

	hist_add(&h, 10);
	hist_add(&h, 20);
	hist_add(&h, 33);
	ok(h.count == 3 && h.sum == 63 && h.min == 10 && h.max == 33 &&
	   hist_mean(&h) == 21.0, "count, sum, min, max, mean of {10, 20, 33}");
	ok(hist_quantile(&h, 0.0) == 10.0 && hist_quantile(&h, 0.34) == 20.0 &&
	   hist_quantile(&h, 1.0) == 33.0 && hist_quantile(&h, 7.0) == 33.0,
	   "small values are exact: q=0 -> min, rank ceil(q*n), q>1 clamped");

	hist_add(&h, UINT64_MAX);
	hist_add(&h, 5);
	ok(h.sum == UINT64_MAX && h.min == 5 && h.max == UINT64_MAX &&
	   h.count == 5, "sum saturates at UINT64_MAX");
}

/* ---------------------------------------------------------------------
 * Histogram: quantiles against sorted samples, merge
 */

enum dist { UNIFORM, EXPONENTIAL, BIMODAL, CONSTANT, WIDE, NDIST };

static const char *const dist_name[NDIST] = {
	"uniform", "exponential", "bimodal", "constant", "wide",
};

static uint64_t sample(enum dist d)
{
	switch (d) {
	case UNIFORM:
		return rng() % 1000000;
	case EXPONENTIAL:		/* mean 2000 cycles above a floor of 50 */
		return 50 + (uint64_t)(-2000.0 * log(rng_unit()));
	case BIMODAL:			/* fast path ~100, slow path ~55000 */
		if (rng() & 1)
			return 100 + rng() % 20;
		return 50000 + rng() % 10000;
	case CONSTANT:
		return 777;
	default:
		return rng_wide();
	}
}

/* Saturating double -> uint64_t (a plain cast of 2^64 is undefined). */
static uint64_t to_u64(double x)
{
	if (!(x > 0.0))
		return 0;
	if (x >= 0x1p64)
		return UINT64_MAX;
	return (uint64_t)x;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

static void test_quantiles(void)
{
	/* q = permille / 1000, so the exact rank ceil(q * n) is integer math */
	static const unsigned int permille[] = { 500, 900, 990, 999, 1000 };
	static uint64_t v[NSAMPLES];
	static struct hist all, half1, half2;
	unsigned int d, i;

	for (d = 0; d < NDIST; d++) {
		uint64_t exact_sum = 0;
		bool mono = true, overflow = false;
		double prev = -1.0;

		hist_init(&all);
		hist_init(&half1);
		hist_init(&half2);
		for (i = 0; i < NSAMPLES; i++) {
			v[i] = sample((enum dist)d);
			if (__builtin_add_overflow(exact_sum, v[i], &exact_sum))
				overflow = true;
			hist_add(&all, v[i]);
			hist_add(i < NSAMPLES / 2 ? &half1 : &half2, v[i]);
		}
		qsort(v, NSAMPLES, sizeof(v[0]), cmp_u64);

		for (i = 0; i < ARRAY_SIZE(permille); i++) {
			uint64_t rank = ((uint64_t)permille[i] * NSAMPLES + 999) / 1000;
			uint64_t exact = v[rank - 1];
			unsigned int b = hist_bucket_of(exact);
			double w = (double)(hist_bucket_high(b) - hist_bucket_low(b));
			double got = hist_quantile(&all, permille[i] / 1000.0);

			ok(fabs(got - (double)exact) <= w + 1.0 &&
			   hist_bucket_of(to_u64(got)) == b,
			   "%s: q=%.3f histogram %.1f vs exact %llu (bucket width %.0f)",
			   dist_name[d], permille[i] / 1000.0, got,
			   (unsigned long long)exact, w + 1.0);
		}

		ok(hist_quantile(&all, 0.0) == (double)v[0] &&
		   all.min == v[0] && all.max == v[NSAMPLES - 1],
		   "%s: q=0 is the exact minimum; min/max exact", dist_name[d]);

		if (overflow)
			ok(all.sum == UINT64_MAX, "%s: sum saturated", dist_name[d]);
		else
			ok(all.sum == (uint64_t)exact_sum &&
			   rel_close(hist_mean(&all),
				     (double)exact_sum / NSAMPLES, 1e-15),
			   "%s: exact sum and mean", dist_name[d]);

		for (i = 0; i <= 1000; i++) {
			double x = hist_quantile(&all, i / 1000.0);

			if (x < prev)
				mono = false;
			prev = x;
		}
		ok(mono, "%s: quantile is monotone in q", dist_name[d]);

		hist_merge(&half1, &half2);
		ok(memcmp(&half1, &all, sizeof(all)) == 0,
		   "%s: merge of the two halves equals the histogram of all",
		   dist_name[d]);
	}

	hist_init(&half1);
	hist_merge(&half1, &all);
	hist_init(&half2);
	hist_merge(&all, &half2);
	ok(memcmp(&half1, &all, sizeof(all)) == 0,
	   "merge into and from an empty histogram");
}

/* ---------------------------------------------------------------------
 * Welford
 */

static void two_pass(const double *x, size_t n, double *mean, double *var)
{
	double s = 0.0, ss = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	*mean = s / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - *mean) * (x[i] - *mean);
	*var = ss / (double)(n - 1);
}

static void test_welford(void)
{
	static const double offset4[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	static double x[10000];
	struct welford w, p1, p2, p3;
	double mean, var, s = 0.0, ss = 0.0, naive;
	size_t i;

	welford_init(&w);
	ok(w.n == 0 && welford_var(&w) == 0.0, "welford: empty has variance 0");
	welford_add(&w, 42.5);
	ok(w.n == 1 && w.mean == 42.5 && welford_var(&w) == 0.0 &&
	   welford_sd(&w) == 0.0, "welford: one value, variance 0");

	/* 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, variance (36+9+9+36)/3 = 30 */
	welford_init(&w);
	for (i = 0; i < ARRAY_SIZE(offset4); i++) {
		welford_add(&w, offset4[i]);
		s += offset4[i];
		ss += offset4[i] * offset4[i];
	}
	naive = (ss - s * s / 4.0) / 3.0;
	diag("1e9+{4,7,13,16}: welford var %.12g, naive sum-of-squares var %.12g",
	     welford_var(&w), naive);
	ok(w.mean == 1e9 + 10 && rel_close(welford_var(&w), 30.0, 1e-12) &&
	   rel_close(welford_sd(&w), sqrt(30.0), 1e-12),
	   "welford: 1e9+{4,7,13,16} has mean 1e9+10, variance 30");

	for (i = 0; i < ARRAY_SIZE(x); i++)
		x[i] = 1e9 + 1000.0 * rng_unit();
	two_pass(x, ARRAY_SIZE(x), &mean, &var);
	welford_init(&w);
	for (i = 0; i < ARRAY_SIZE(x); i++)
		welford_add(&w, x[i]);
	diag("welford - two-pass: mean %.3g, var %.3g (relative %.3g)",
	     w.mean - mean, welford_var(&w) - var, (welford_var(&w) - var) / var);
	ok(rel_close(w.mean, mean, 1e-14) && rel_close(welford_var(&w), var, 1e-9),
	   "welford matches two-pass on 1e9 + U(0,1000): var %.9g vs %.9g",
	   welford_var(&w), var);

	welford_init(&p1);
	welford_init(&p2);
	welford_init(&p3);
	for (i = 0; i < ARRAY_SIZE(x); i++)
		welford_add(i < 1234 ? &p1 : i < 7000 ? &p2 : &p3, x[i]);
	welford_merge(&p1, &p2);
	welford_merge(&p1, &p3);
	ok(p1.n == w.n && rel_close(p1.mean, w.mean, 1e-15) &&
	   rel_close(p1.m2, w.m2, 1e-9),
	   "welford_merge of three chunks equals sequential");

	p2 = w;
	welford_init(&p3);
	welford_merge(&p2, &p3);
	welford_merge(&p3, &w);
	ok(memcmp(&p2, &w, sizeof(w)) == 0 && memcmp(&p3, &w, sizeof(w)) == 0,
	   "welford_merge with an empty side is a copy / no-op");
}

/* ---------------------------------------------------------------------
 * Student's t distribution
 */

static void test_student_t(void)
{
	/* t-table values correctly rounded to 6 decimals (checked with mpmath) */
	static const struct {
		double p, df, t;
	} table[] = {
		{ 0.975, 1, 12.706205 },
		{ 0.975, 2, 4.302653 },
		{ 0.975, 5, 2.570582 },
		{ 0.975, 10, 2.228139 },
		{ 0.975, 30, 2.042272 },
		{ 0.975, 120, 1.979930 },
		{ 0.95, 9, 1.833113 },
		{ 0.995, 4, 4.604095 },
		{ 0.975, 1e8, 1.959964 },
		{ 0.975, 1e7, 1.959964 },
	};
	/* Normal quantiles z_p (mpmath sqrt(2) erfinv(2p - 1)) */
	static const double zp[][2] = {
		{ 0.9, 1.2815515655446005 },
		{ 0.975, 1.9599639845400542 },
		{ 0.995, 2.5758293035489008 },
	};
	static const double ps[] = {
		1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.49, 0.51, 0.75, 0.9,
		0.975, 0.999, 1.0 - 1e-9,
	};
	static const double dfs[] = { 0.5, 1, 1.5, 3.5, 10, 1e3, 1e5, 1e6 };
	bool good;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		double t = student_t_quantile(table[i].p, table[i].df);

		ok(fabs(t - table[i].t) <= 1e-6 * table[i].t,
		   "t_{%g}(%g) = %.9f, table %.6f", table[i].p, table[i].df,
		   t, table[i].t);
	}

	/*
	 * Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5), four terms:
	 * t = z + g1/v + g2/v^2 + g3/v^3 + g4/v^4; its error at v >= 1000 is
	 * below 1e-15 (checked against mpmath).
	 */
	good = true;
	for (i = 0; i < ARRAY_SIZE(zp); i++) {
		double z = zp[i][1], z2 = z * z;
		double g1 = (z2 + 1) * z / 4;
		double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
		double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
		double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 -
			     945) * z / 92160;

		for (j = 3; j <= 6; j++) {
			double v = pow(10.0, (double)j);
			double want = z + g1 / v + g2 / (v * v) + g3 / (v * v * v) +
				      g4 / (v * v * v * v);
			double got = student_t_quantile(zp[i][0], v);

			if (!rel_close(got, want, 1e-10)) {
				diag("t_{%g}(%g) = %.17g, expansion %.17g",
				     zp[i][0], v, got, want);
				good = false;
			}
		}
	}
	ok(good, "large df (1e3..1e6) agrees with the Cornish-Fisher expansion to 1e-10");

	/* Closed forms: df = 1 is Cauchy, df = 2 has an algebraic inverse. */
	good = true;
	for (i = 0; i < ARRAY_SIZE(ps); i++) {
		double p = ps[i], q = p < 0.5 ? p : 1.0 - p;
		double sign = p < 0.5 ? -1.0 : 1.0;
		double t1 = sign / tan(PI * q);
		double t2 = sign * (1.0 - 2.0 * q) / sqrt(2.0 * q * (1.0 - q));

		if (!rel_close(student_t_quantile(p, 1), t1, 1e-11) ||
		    !rel_close(student_t_quantile(p, 2), t2, 1e-11)) {
			diag("p=%g: df1 %.17g vs %.17g, df2 %.17g vs %.17g", p,
			     student_t_quantile(p, 1), t1,
			     student_t_quantile(p, 2), t2);
			good = false;
		}
	}
	ok(good, "quantile matches the df=1 and df=2 closed forms, tails to 1e-11");

	good = true;
	for (i = 0; i < 6; i++) {
		double t = pow(10.0, (double)i - 1.0);	/* 0.1 .. 1e4 */
		double c1 = atan(1.0 / t) / PI;	/* P(T < -t), df = 1 */
		double r = sqrt(2.0 + t * t);
		double c2 = 1.0 / (r * (r + t));	/* P(T < -t), df = 2 */

		if (!rel_close(student_t_cdf(-t, 1), c1, 1e-12) ||
		    !rel_close(student_t_cdf(-t, 2), c2, 1e-12) ||
		    !rel_close(student_t_cdf(t, 1), 1.0 - c1, 1e-15) ||
		    !rel_close(student_t_cdf(t, 2), 1.0 - c2, 1e-15)) {
			diag("t=%g: df1 %.17g vs %.17g, df2 %.17g vs %.17g", t,
			     student_t_cdf(-t, 1), c1, student_t_cdf(-t, 2), c2);
			good = false;
		}
	}
	ok(good, "cdf matches the df=1 and df=2 closed forms");

	/* Non-integer df (Welch), references from mpmath */
	ok(rel_close(student_t_quantile(0.975, 9.9), 2.2311933388707635, 1e-12),
	   "t_{0.975}(9.9) = 2.2311933388707635 (mpmath)");
	ok(rel_close(student_t_quantile(0.9, 2.5), 1.7302509288071768, 1e-12),
	   "t_{0.9}(2.5) = 1.7302509288071768 (mpmath)");
	ok(rel_close(student_t_cdf(1.5, 4.5), 0.89989045717192324, 1e-13),
	   "cdf(1.5; 4.5) = 0.89989045717192324 (mpmath)");

	good = true;
	for (j = 0; j < ARRAY_SIZE(dfs); j++) {
		if (student_t_cdf(0.0, dfs[j]) != 0.5)
			good = false;
		for (i = 0; i < ARRAY_SIZE(ps); i++) {
			double t = student_t_quantile(ps[i], dfs[j]);

			if (fabs(student_t_cdf(t, dfs[j]) +
				 student_t_cdf(-t, dfs[j]) - 1.0) > 4e-16 ||
			    !rel_close(student_t_cdf(ps[i] < 0.5 ? t : -t, dfs[j]),
				       ps[i] < 0.5 ? ps[i] : 1.0 - ps[i], 1e-10)) {
				diag("df=%g p=%g: t=%.17g cdf=%.17g", dfs[j],
				     ps[i], t, student_t_cdf(t, dfs[j]));
				good = false;
			}
		}
	}
	/*
	 * 1e-10, not 1e-15: for df >= 1e5 near |t| = sqrt(3) the continued
	 * fraction starts with 1 + d1 ~ 1/df, so the CDF carries ~1e-11
	 * relative rounding noise there (still 1e5 below the 1e-6 target).
	 */
	ok(good, "cdf(0) = 0.5, cdf(t) + cdf(-t) = 1, cdf(quantile(p)) = p to 1e-10");

	good = true;
	for (j = 0; j < ARRAY_SIZE(dfs); j++) {
		double prev = -INFINITY;

		for (i = 1; i < 1000; i++) {
			double t = student_t_quantile(i / 1000.0, dfs[j]);

			if (!(t > prev) ||
			    !rel_close(student_t_quantile(student_t_cdf(t, dfs[j]),
							  dfs[j]), t, 1e-9))
				good = false;
			prev = t;
		}
	}
	ok(good, "quantile is increasing in p and quantile(cdf(t)) = t");

	ok(student_t_quantile(0.5, 7) == 0.0 &&
	   isinf(student_t_quantile(0.0, 7)) && student_t_quantile(0.0, 7) < 0 &&
	   isinf(student_t_quantile(1.0, 7)) && student_t_quantile(1.0, 7) > 0 &&
	   isnan(student_t_quantile(1.5, 7)) && isnan(student_t_quantile(0.9, 0)) &&
	   isnan(student_t_cdf(1.0, -1)) && student_t_cdf(INFINITY, 3) == 1.0 &&
	   student_t_cdf(-INFINITY, 3) == 0.0,
	   "quantile/cdf edge cases: p = 0, 0.5, 1, out of range, df <= 0, t = inf");
}

/* ---------------------------------------------------------------------
 * Confidence intervals, median, coefficient of variation
 */

static void test_ci(void)
{
	/*
	 * {2,4,4,4,5,5,7,9}: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32,
	 * s^2 = 32/7, s/sqrt(8) = sqrt(4/7) = 0.7559289460184544,
	 * t_{0.975}(7) = 2.3646242515927853 (mpmath; tables: 2.365), so
	 * half = 1.7874879182362109, CI [3.2125120817637891, 6.7874879182362109].
	 */
	static const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double y[] = { 9, 2, 7, 4, 5, 4, 5, 4 };
	double odd[] = { 3, -1, 8, 2, 100 };
	double one = 1.0;
	struct ci ci = { 0 };
	int ret;

	ret = stats_mean_ci(x, ARRAY_SIZE(x), 0.95, &ci);
	ok(ret == 0 && ci.mean == 5.0 &&
	   rel_close(ci.half, 1.7874879182362109, 1e-13) &&
	   rel_close(ci.lo, 3.2125120817637891, 1e-13) &&
	   rel_close(ci.hi, 6.7874879182362109, 1e-13) && ci.n == 8,
	   "mean_ci {2,4,4,4,5,5,7,9} 95%%: 5 +/- %.16g", ci.half);
	ok(stats_mean_ci(x, 1, 0.95, &ci) == -1 &&
	   stats_mean_ci(x, 0, 0.95, &ci) == -1 &&
	   stats_mean_ci(x, ARRAY_SIZE(x), 1.0, &ci) == -1 &&
	   stats_mean_ci(x, ARRAY_SIZE(x), 0.0, &ci) == -1,
	   "mean_ci rejects n < 2 and level outside (0, 1)");

	ok(stats_median(y, ARRAY_SIZE(y)) == 4.5 && y[0] == 2 && y[7] == 9,
	   "median of an even sample is the mean of the middle two (sorted)");
	ok(stats_median(odd, ARRAY_SIZE(odd)) == 3.0 && stats_median(&one, 1) == 1.0 &&
	   stats_median(NULL, 0) == 0.0, "median of odd, single and empty samples");
	{
		uint64_t r[] = { 9, 2, 7, 4 }, r1 = 5;

		ok(stats_median_u64(r, ARRAY_SIZE(r)) == 7 && r[0] == 2 && r[3] == 9 &&
		   stats_median_u64(&r1, 1) == 5 && stats_median_u64(NULL, 0) == 0,
		   "median of raw readings: the upper middle one, a reading (sorted)");
	}

	/* sqrt(32/7) / 5 */
	ok(rel_close(stats_cov(x, ARRAY_SIZE(x)), 0.42761798705987904, 1e-14) &&
	   stats_cov(x, 1) == 0.0 &&
	   stats_cov((const double[]){ -1.0, 1.0 }, 2) == 0.0,
	   "coefficient of variation: sd/mean; 0 for n < 2 or mean 0");
}

/* ---------------------------------------------------------------------
 * Two-sample comparisons
 */

static void test_welch(void)
{
	/*
	 * Example 2 of Wikipedia's "Welch's t-test" article, which reports
	 * t = -1.57, nu = 9.9, p = 0.149 for A1 - A2.  Here a = A1 is the
	 * baseline and b = A2 the candidate, so signs are flipped.  Full
	 * precision from mpmath (40 digits): means 20.61 and 22.135,
	 * variances 9.041 and 0.89818421052631579, se 0.97417103761419421,
	 * df = se^4 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)) = 9.9047412486508289,
	 * t = 1.5654335235985052, p = 0.14884169660532799,
	 * half = t_{0.975}(df) * se = 2.1734213253751654.
	 * Pooled on the same data: s = 1.8749714283537382, t = 2.1000496376104455,
	 * df = 28, p = 0.044858516530886136, half = 1.4874985977913398.
	 */
	static const double a[] = {
		17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8,
	};
	static const double b[] = {
		21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8,
		20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8,
	};
	static const double c1[] = { 5, 5, 5 }, c2[] = { 6, 6, 6, 6 };
	struct compare r = { 0 }, s = { 0 };
	int ret;

	ok(stats_welch(a, ARRAY_SIZE(a), b, ARRAY_SIZE(b), 0.95, &r) == 0,
	   "welch: returns 0");
	ok(rel_close(r.diff, 1.525, 1e-13) &&
	   rel_close(r.df, 9.9047412486508289, 1e-12) &&
	   rel_close(r.t, 1.5654335235985052, 1e-12),
	   "welch: diff 1.525, df %.10g, t %.10g", r.df, r.t);
	ok(rel_close(r.p, 0.14884169660532799, 1e-10),
	   "welch: p = %.10g (Wikipedia: 0.149)", r.p);
	ok(rel_close(r.half, 2.1734213253751654, 1e-11) &&
	   rel_close(r.pct, 100 * 1.525 / 20.61, 1e-13) &&
	   rel_close(r.pct_half, 100 * 2.1734213253751654 / 20.61, 1e-11) &&
	   !r.significant && r.pooled_s == 0.0,
	   "welch: half %.10g, pct %.6g%% +/- %.6g%%, not significant",
	   r.half, r.pct, r.pct_half);

	ok(stats_welch(b, ARRAY_SIZE(b), a, ARRAY_SIZE(a), 0.95, &s) == 0 &&
	   s.diff == -r.diff && s.t == -r.t && s.df == r.df && s.p == r.p &&
	   s.half == r.half, "welch: swapping a and b negates diff and t only");

	ret = stats_student_pooled(a, ARRAY_SIZE(a), b, ARRAY_SIZE(b), 0.95, &s);
	ok(ret == 0 && rel_close(s.pooled_s, 1.8749714283537382, 1e-13) &&
	   rel_close(s.t, 2.1000496376104455, 1e-12) && s.df == 28.0 &&
	   rel_close(s.p, 0.044858516530886136, 1e-10) &&
	   rel_close(s.half, 1.4874985977913398, 1e-11) && s.significant,
	   "pooled: s %.10g, t %.10g, p %.10g, significant", s.pooled_s, s.t, s.p);

	ok(stats_welch(a, 1, b, ARRAY_SIZE(b), 0.95, &r) == -1 &&
	   stats_welch(a, ARRAY_SIZE(a), b, 1, 0.95, &r) == -1 &&
	   stats_student_pooled(a, 0, b, ARRAY_SIZE(b), 0.95, &r) == -1 &&
	   stats_welch(a, ARRAY_SIZE(a), b, ARRAY_SIZE(b), 1.5, &r) == -1,
	   "welch/pooled reject n < 2 and bad levels");

	ok(stats_welch(c1, 3, c2, 4, 0.95, &r) == 0 && r.diff == 1.0 &&
	   r.half == 0.0 && r.df == 5.0 && isinf(r.t) && r.p == 0.0 &&
	   r.significant && rel_close(r.pct, 20.0, 1e-15),
	   "welch on two constant samples: zero width, significant");
}

/*
 * Agreement with ministat (Debian package ministat 20150715-1, FreeBSD's
 * tool).  Files one value per line, x = base, + = cand / nd / x2, y2:
 *
 * $ ministat -c 95 base.txt cand.txt
 *     N           Min           Max        Median           Avg        Stddev
 * x  10          1187          1220          1204        1203.5     10.658851
 * +  10          1166          1190          1178        1177.5     8.3566341
 * Difference at 95.0% confidence
 *	-26 +/- 8.99867
 *	-2.16037% +/- 0.747708%
 *	(Student's t, pooled s = 9.57717)
 * $ ministat -c 99 base.txt cand.txt		(same table)
 * Difference at 99.0% confidence
 *	-26 +/- 12.3266
 *	-2.16037% +/- 1.02423%
 *	(Student's t, pooled s = 9.57717)
 * $ ministat -c 95 x2 y2
 * x  10          2.28           2.4          2.34         2.335   0.036893239
 * +  10          2.36          2.47          2.42         2.415   0.033747428
 * Difference at 95.0% confidence
 *	0.08 +/- 0.0332197
 *	3.42612% +/- 1.42269%
 *	(Student's t, pooled s = 0.0353553)
 * $ ministat -c 95 base.txt nd.txt
 * +  10          1190          1213          1204        1201.8     7.5542483
 * No difference proven at 95.0% confidence
 *
 * So this binary prints diff = mean(+) - mean(x), pct = 100 diff / mean(x)
 * and pct_half = 100 half / mean(x) (0.747708 = 100 * 8.99867 / 1203.5;
 * newer FreeBSD versions use a delta-method formula for the latter).  Its
 * t comes from a 3-decimal table: 8.99867 / (9.57717 sqrt(2/10)) = 2.101
 * for df = 18 at 95%, 2.878 at 99%, where the exact values are 2.1009220
 * and 2.8784405.  So half and pct_half are compared after scaling ours by
 * table t / exact t; diff, pct and pooled s are compared as they are.
 */
static void check_ministat(const char *name, const double *x, const double *y,
			   size_t n, double level, double table_t,
			   double diff, double half, double pct,
			   double pct_half, double pooled_s)
{
	struct compare r = { 0 };
	double scale;

	if (stats_student_pooled(x, n, y, n, level, &r)) {
		ok(0, "ministat %s: stats_student_pooled failed", name);
		ok(0, "ministat %s: (skipped)", name);
		return;
	}
	scale = table_t / student_t_quantile(0.5 * (1.0 + level), r.df);
	ok(g6_match(r.diff, diff) && g6_match(r.pct, pct) &&
	   g6_match(r.pooled_s, pooled_s) && r.significant,
	   "ministat %s: %g +/- ..., %g%% +/- ..., pooled s = %g", name,
	   r.diff, r.pct, r.pooled_s);
	ok(g6_match(r.half * scale, half) &&
	   g6_match(r.pct_half * scale, pct_half) &&
	   rel_close(r.half, half, 5e-4 / table_t),
	   "ministat %s: +/- %g, +/- %g%% with ministat's t = %.3f (exact t: %g, %g%%)",
	   name, r.half * scale, r.pct_half * scale, table_t, r.half,
	   r.pct_half);
}

static void test_ministat(void)
{
	static const double base[] = {
		1204, 1198, 1211, 1187, 1220, 1195, 1203, 1209, 1192, 1216,
	};
	static const double cand[] = {
		1178, 1169, 1185, 1172, 1190, 1166, 1181, 1176, 1188, 1170,
	};
	static const double nd[] = {
		1201, 1195, 1213, 1190, 1207, 1199, 1204, 1210, 1193, 1206,
	};
	static const double x2[] = {
		2.31, 2.35, 2.28, 2.40, 2.33, 2.37, 2.29, 2.36, 2.32, 2.34,
	};
	static const double y2[] = {
		2.41, 2.38, 2.45, 2.39, 2.47, 2.36, 2.44, 2.42, 2.40, 2.43,
	};
	struct compare r = { 0 };

	check_ministat("base cand 95%", base, cand, 10, 0.95, 2.101,
		       -26, 8.99867, -2.16037, 0.747708, 9.57717);
	check_ministat("base cand 99%", base, cand, 10, 0.99, 2.878,
		       -26, 12.3266, -2.16037, 1.02423, 9.57717);
	check_ministat("x2 y2 95%", x2, y2, 10, 0.95, 2.101,
		       0.08, 0.0332197, 3.42612, 1.42269, 0.0353553);
	ok(stats_student_pooled(base, 10, nd, 10, 0.95, &r) == 0 &&
	   !r.significant, "ministat base nd: no difference proven at 95%%");
}

/* The timer's figures: net latencies, and the spread of raw readings. */
static void test_net_and_spread(void)
{
	uint64_t v[200], few[3] = { 30, 10, 20 };
	struct spread sp;
	unsigned int i;

	ok(stats_net(60.0, 20.0) == 40.0, "net: 60 - 20 = 40");
	ok(stats_net(10.0, 20.0) == 0.0 && stats_net(20.0, 20.0) == 0.0,
	   "net: never below zero (10 - 20 and 20 - 20 give 0)");
	ok(isnan(stats_net(NAN, 20.0)), "net: not measured stays not measured");

	stats_spread_u64(few, 3, 1.0, &sp);
	ok(sp.median == 20.0 && sp.mean == 20.0 && sp.sd == 10.0 && few[0] == 10,
	   "spread of 30 10 20: sorted, median 20, mean 20, sd 10");
	stats_spread_u64(few, 3, 10.0, &sp);
	ok(sp.median == 2.0 && sp.mean == 2.0 && sp.sd == 1.0, "spread: divided by a batch of 10");
	/* 196 readings, half 20, half 30 (sd sqrt(196 * 25 / 195)), 2 + 2 outliers */
	for (i = 0; i < 200; i++)
		v[i] = i % 2 ? 20 : 30;
	v[0] = 100000;
	v[2] = 100001;
	v[1] = 0;
	v[3] = 1;
	stats_spread_u64(v, 200, 1.0, &sp);
	ok(sp.median == 30.0 && fabs(sp.mean - 25.0) < 1e-12 &&
	   fabs(sp.sd - sqrt(196.0 * 25.0 / 195.0)) < 1e-9,
	   "spread: the lowest and highest 1%% are left out of mean and sd (%g, %g)",
	   sp.mean, sp.sd);
	stats_spread_u64(v, 0, 1.0, &sp);
	ok(sp.median == 0 && sp.mean == 0 && sp.sd == 0, "spread of nothing: zeros");
}

/*
 * A counter stepping by 21 ticks: 693 readings of 1050 and 297 of 1071
 * (buckets 16 wide there), mean 1056.3, and 10 stalls of 10^7 ticks.
 */
static void test_trimmed_mean(void)
{
	struct hist h;
	unsigned int i;

	hist_init(&h);
	for (i = 0; i < 693; i++)
		hist_add(&h, 1050);
	for (i = 0; i < 297; i++)
		hist_add(&h, 1071);
	for (i = 0; i < 10; i++)
		hist_add(&h, 10000000);
	ok(hist_mean(&h) > 100000, "plain mean: the 1%% of stalls dominate (%g)", hist_mean(&h));
	ok(fabs(hist_trimmed_mean(&h, 0.99, 21) - 1056.3) < 1e-9,
	   "trimmed mean, step 21: exactly 1056.3 between the two steps (%.6f)",
	   hist_trimmed_mean(&h, 0.99, 21));
	ok(fabs(hist_trimmed_mean(&h, 0.99, 1) - 1056.3) < 16,
	   "trimmed mean, step unknown: within a bucket (%.2f)", hist_trimmed_mean(&h, 0.99, 1));
	ok(fabs(hist_trimmed_mean(&h, 0.495, 21) - 1050) < 1e-9,
	   "trimmed mean keeping the fastest 49.5%%: 1050");
	hist_init(&h);
	ok(hist_trimmed_mean(&h, 0.99, 21) == 0, "trimmed mean of nothing: 0");
}

/* Quantised values: the interval never narrower than their step. */
static void test_compare_step(void)
{
	/* five identical p50s of 60 ns against five of 70: one step of 10 apart */
	const double a[] = { 70, 70, 70, 70, 70 }, b[] = { 60, 60, 60, 60, 60 };
	const double c[] = { 90, 90, 90, 90, 90 };
	const double x[] = { 100, 110, 90, 105, 95 }, y[] = { 50, 60, 40, 55, 45 };
	struct compare r, w;

	ok(stats_welch(a, 5, b, 5, 0.95, &r) == 0 && r.half == 0 && r.significant,
	   "identical values: Welch's interval is 0 wide, and 'significant'");
	stats_compare_step(&r, 10, 70);
	ok(r.half == 10 && fabs(r.pct_half - 100 * 10.0 / 70) < 1e-9 && !r.significant,
	   "one timer step apart: +- one step (%.1f%%), no difference", r.pct_half);
	ok(stats_welch(a, 5, c, 5, 0.95, &r) == 0, "two steps apart: compared");
	stats_compare_step(&r, 10, 70);
	ok(r.significant && r.half == 10 && fabs(r.pct - 100 * 20.0 / 70) < 1e-9,
	   "two steps apart: a change (%+.1f%% +- %.1f%%)", r.pct, r.pct_half);
	ok(stats_welch(x, 5, y, 5, 0.95, &r) == 0, "spread values: compared");
	w = r;
	stats_compare_step(&r, 1.0, 100);
	ok(r.half == w.half && r.pct_half == w.pct_half && r.significant == w.significant,
	   "an interval already wider than the step is left alone");
	stats_compare_step(&w, 0, 100);
	ok(w.half == r.half, "step 0 (not quantised): left alone");
}

int main(void)
{
	tap_plan_tests(124);
	test_bucket_mapping();
	test_hist_basics();
	test_quantiles();
	test_welford();
	test_student_t();
	test_ci();
	test_welch();
	test_compare_step();
	test_ministat();
	test_net_and_spread();
	test_trimmed_mean();
	return tap_exit();
}
