# SPDX-License-Identifier: MIT
# Turns a fencebench CSV into the small tables the plots/*.gp scripts draw.
# Columns are found by name in the header, so their order does not matter;
# '#' lines are skipped.  Plain POSIX awk (mawk is enough).
#
#   awk -f plots/table.awk -v fig=FIG [-v list=1] [-v wait=W] FILE
#
# fig=scaling     per strategy a block (blocks separated by two blank lines,
#                 for gnuplot's 'index'): waiters, then the medians over
#                 repetitions of remove_ns_p50, remove_ns_p99, rounds_per_sec,
#                 and a tic label: the waiter count, '(yield)' appended when
#                 the rows were oversubscribed (spin=yield)
# fig=placement   one line per group (the placement column when it varies,
#                 the wait mode when that varies, both when both do) with
#                 per strategy: median, min and max of remove_ns_p50 (or the
#                 mean and mean -+ ci95 when a ci95 column exists); rows with
#                 the waiter count 'waiters' (default: the largest without
#                 oversubscription, else the smallest)
# fig=heatmap     rows with one waiter: per strategy a block of signaler_cpu,
#                 waiter_cpus, median remove_ns_p50; list=1 also prints the
#                 colour range over all strategies and
#                 the CPU ranges (x low, high, y low, high)
# fig=hazards     per strategy and kind of gap (init-gap, pre-func, both) a
#                 block: rank of the gap among all gaps, hazards per million
#                 removals, the gap as a tic label; the rows without a gap
#                 start every block.  list=1: the series as strategy:kind,
#                 then each one's strategy number
# fig=cdf         histogram CSV (strategy,rep,bucket_low_ns,count,
#                 cum_fraction): per strategy a block of bucket_low_ns and
#                 cumulative fraction, repetitions merged
# fig=info        what the CSV can feed, as name=value lines (scripts/plot),
#                 and floor=: the range of the rows' one-way line transfer
# fig=crossover   the CSV of fencebench --report -f csv (the matrix of
#                 regimes): for strategy=S (default list_empty) a block per
#                 machine and wait mode, comma-separated: a title line, then
#                 transfer_ns, change_pct, change_half_pct (0 when no
#                 difference is proven) sorted by transfer; a regime
#                 without a change (one repetition: n<2) is left out.
#                 list=1: the number of blocks
#
# list=1 prints instead the strategies in block order, one line, and for
# placement a second line with the groups, a third with the waiter count
# and a fourth naming the grouping ("placement", "wait mode", ...);
# for cdf a second line: smallest bucket, largest bucket, largest p99.99,
# largest p99.
# Natural rows only (both inject columns 0) except for hazards; wait=W keeps
# the rows of one wait mode.

BEGIN { FS = ","; ns = 0 }

function col(name) { return (name in c) ? $c[name] : "" }

# median of the numbers in the space-separated string s (insertion sort)
function median(s,	a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n == 0) return "?"
	return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}

function minof(s,	a, n, i, m) {
	n = split(s, a, " "); m = a[1] + 0
	for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0
	return m
}

function maxof(s,	a, n, i, m) {
	n = split(s, a, " "); m = a[1] + 0
	for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0
	return m
}

function mean(s,	a, n, i, m) {
	n = split(s, a, " "); m = 0
	for (i = 1; i <= n; i++) m += a[i]
	return n ? m / n : "?"
}

# a series: the strategy, "kernel/" in front for the kernel engine's rows,
# so one CSV can hold the model and the kernel side by side
function series() {
	return ("engine" in c && col("engine") == "kernel") ? "kernel/" col("strategy") : col("strategy")
}

# remember the strategy's first appearance
function strat(s) { if (!(s in sidx)) { sidx[s] = ++ns; sname[ns] = s } }

# keys of k[] whose prefix is p SUBSEP, sorted numerically by what follows
function sorted_keys(arr, p, out,	k, n, i, j, t, v) {
	n = 0
	for (k in arr) {
		if (index(k, p SUBSEP) != 1) continue
		v = substr(k, length(p) + 2)
		out[++n] = v
	}
	for (i = 2; i <= n; i++) {
		t = out[i]
		for (j = i - 1; j >= 1 && out[j] + 0 > t + 0; j--)
			out[j + 1] = out[j]
		out[j + 1] = t
	}
	return n
}

FNR == 1 { hdr = 0 }

/^#/ || /^[ \t]*$/ { next }

# header: the first line that is not a comment, in each file read
!hdr {
	split("", c)
	for (i = 1; i <= NF; i++) c[$i] = i
	hdr = 1
	pass++
	next
}

# rows of --timing none carry no latencies: the figures draw the timed rows
col("timing") == "none" { next }

fig == "cdf" {
	s = series(); b = col("bucket_low_ns")
	strat(s)
	cnt[s, b] += col("count")
	tot[s] += col("count")
	next
}

fig == "crossover" {
	if (col("strategy") != (strategy == "" ? "list_empty" : strategy)) next
	# a regime of one repetition has no change to draw (n<2)
	if (col("change_pct") == "") next
	k = col("machine") " (" col("wait") ")"
	if (!(k in xs)) { xs[k] = ++nx; xname[nx] = k }
	np[k]++
	px[k, np[k]] = col("transfer_ns"); py[k, np[k]] = col("change_pct")
	pe[k, np[k]] = col("change_half_pct") + 0
	next
}

fig == "info" {
	nrows++
	w = col("waiters"); if (!(w in seenw)) { seenw[w] = 1; nwait++ }
	m = col("wait"); if (!(m in seenm)) { seenm[m] = 1; waits = waits (waits == "" ? "" : ",") m }
	if (col("inject_init_gap_ns") + 0 || col("inject_pre_func_ns") + 0) inject = 1
	else natural++
	if (w == 1) {
		pr = col("signaler_cpu") SUBSEP col("waiter_cpus")
		if (!(pr in seenp)) { seenp[pr] = 1; npairs++ }
	}
	if ("placement" in c) {
		pl = col("placement"); if (!(pl in seenpl)) { seenpl[pl] = 1; nplace++ }
	}
	if ("bucket_low_ns" in c) hist = 1
	if (col("disturbed") + 0) disturbed++
	# the floor the rows stood on: their one-way line transfer
	f = col("c2c_ns")
	if (f != "") {
		if (flo == "" || f + 0 < flo) flo = f + 0
		if (fhi == "" || f + 0 > fhi) fhi = f + 0
	}
	next
}

wait != "" && col("wait") != wait { next }

fig == "hazards" {
	ig = col("inject_init_gap_ns") + 0; pf = col("inject_pre_func_ns") + 0
	g = ig + pf
	kind = !g ? "" : !pf ? "init-gap" : !ig ? "pre-func" : "both"
	s = series()
	strat(s)
	allg[g] = 1
	if (kind != "" && !((s, kind) in seenk)) {
		seenk[s, kind] = 1
		nk[s]++; kinds[s, nk[s]] = kind
	}
	haz[s, kind, g] += col("hazard_prev_store") + col("hazard_func_call") + \
			   col("hazard_payload_read") + col("hazard_payload_write")
	rem[s, kind, g] += col("removes")
	next
}

col("inject_init_gap_ns") + 0 || col("inject_pre_func_ns") + 0 { next }

fig == "scaling" {
	s = series(); w = col("waiters")
	strat(s)
	p50[s, w] = p50[s, w] " " col("remove_ns_p50")
	p99[s, w] = p99[s, w] " " col("remove_ns_p99")
	rps[s, w] = rps[s, w] " " col("rounds_per_sec")
	if (col("spin") == "yield") yld[s, w] = 1
	next
}

fig == "heatmap" {
	if (col("waiters") != 1) next
	s = series(); x = col("signaler_cpu"); y = col("waiter_cpus")
	strat(s)
	cell[s, x SUBSEP y] = cell[s, x SUBSEP y] " " col("remove_ns_p50")
	next
}

# placement: first pass finds the waiter count, second collects
fig == "placement" && pass == 1 {
	w = col("waiters") + 0
	if (!(w in seenw)) seenw[w] = "pause"
	if (col("spin") == "yield") seenw[w] = "yield"
	if (!(("pl", col("placement")) in seenpw)) { seenpw["pl", col("placement")] = 1; npl++ }
	if (!(("w", col("wait")) in seenpw)) { seenpw["w", col("wait")] = 1; nwm++ }
	next
}
fig == "placement" && pass == 2 {
	if (!chosen) {
		chosen = 1
		if (waiters == "") {
			for (w in seenw) if (seenw[w] == "pause" && w + 0 > waiters + 0) waiters = w
			if (waiters == "") for (w in seenw) if (waiters == "" || w + 0 < waiters + 0) waiters = w
		}
	}
	if (col("waiters") + 0 != waiters + 0) next
	# the group: the placement when there are several, the wait mode when
	# there are several, both when both vary (never two modes in one bar)
	if (!gkind) gkind = npl > 1 && nwm > 1 ? "placement and wait mode" : npl > 1 ? "placement" : "wait mode"
	s = series()
	g = gkind == "placement" ? col("placement") : gkind == "wait mode" ? col("wait") : \
	    col("placement") "/" col("wait")
	strat(s)
	if (!(g in gidx)) { gidx[g] = ++ng; gname[ng] = g }
	v[g, s] = v[g, s] " " col("remove_ns_p50")
	if ("ci95" in c) ci[g, s] = ci[g, s] " " col("ci95")
	next
}

END {
	if (fig == "crossover") {
		if (list) { print nx + 0; exit }
		for (i = 1; i <= nx; i++) {
			k = xname[i]; n = np[k]
			for (a = 2; a <= n; a++)	# by transfer
				for (b = a; b > 1 && px[k, b - 1] + 0 > px[k, b] + 0; b--) {
					t = px[k, b]; px[k, b] = px[k, b - 1]; px[k, b - 1] = t
					t = py[k, b]; py[k, b] = py[k, b - 1]; py[k, b - 1] = t
					t = pe[k, b]; pe[k, b] = pe[k, b - 1]; pe[k, b - 1] = t
				}
			if (i > 1) printf "\n\n"
			printf "%s,,\n", k
			for (a = 1; a <= n; a++) printf "%s,%s,%s\n", px[k, a], py[k, a], pe[k, a]
		}
		exit
	}
	if (fig == "info") {
		printf "rows=%d\nnatural=%d\nwaiters=%d\npairs=%d\ninject=%d\nwaits=%s\nplacements=%d\nhist=%d\ndisturbed=%d\n",
			nrows, natural, nwait, npairs, inject, waits, nplace, hist, disturbed
		if (flo != "")
			printf "floor=%s\n", sprintf("%.0f", flo) == sprintf("%.0f", fhi) ? \
				sprintf("%.0f ns", flo) : sprintf("%.0f-%.0f ns", flo, fhi)
		exit
	}
	if (fig == "hazards") {
		# one series per strategy and kind of gap, the natural rows (gap 0)
		# at the start of each; x is the gap's rank among all gaps
		n = 0
		for (g in allg) all[++n] = g + 0
		for (i = 2; i <= n; i++) {
			t = all[i]
			for (j = i - 1; j >= 1 && all[j] > t; j--) all[j + 1] = all[j]
			all[j + 1] = t
		}
		for (i = 1; i <= n; i++) rank[all[i]] = i
		ser = 0
		for (i = 1; i <= ns; i++) {
			s = sname[i]
			if (!nk[s]) { nk[s] = 1; kinds[s, 1] = "" }
			for (k = 1; k <= nk[s]; k++) {
				kind = kinds[s, k]
				if (list) {
					names = names (ser ? " " : "") s (kind != "" ? ":" kind : "")
					idx = idx (ser ? " " : "") i
					ser++
					continue
				}
				if (ser++) printf "\n\n"
				printf "# %s %s\n", s, kind
				for (j = 1; j <= n; j++) {
					g = all[j]; kv = (g ? kind : "")
					if (!((s, kv, g) in rem)) continue
					r = rem[s, kv, g]
					print j, (r ? haz[s, kv, g] / r * 1e6 : 0), \
					      (g >= 1000 ? g / 1000 "us" : g "ns")
				}
			}
		}
		if (list) print names "\n" idx
		exit
	}
	if (list) {
		for (i = 1; i <= ns; i++) printf "%s%s", sname[i], i < ns ? " " : "\n"
		if (ns == 0) print ""
		if (fig == "cdf") {
			# the smallest and the largest bucket, and the largest
			# 99.99th and 99th percentiles over the strategies
			lo = hi = p4 = p2 = ""
			for (i = 1; i <= ns; i++) {
				s = sname[i]
				n = sorted_keys(cnt, s, ks)
				if (lo == "" || ks[1] + 0 < lo) lo = ks[1] + 0
				if (hi == "" || ks[n] + 0 > hi) hi = ks[n] + 0
				sum = 0; j2 = 0
				for (j = 1; j <= n; j++) {
					sum += cnt[s, ks[j]]
					if (!j2 && sum / tot[s] >= 0.99) j2 = j
					if (sum / tot[s] >= 0.9999) break
				}
				if (j > n) j = n
				if (!j2) j2 = j
				if (p4 == "" || ks[j] + 0 > p4) p4 = ks[j] + 0
				if (p2 == "" || ks[j2] + 0 > p2) p2 = ks[j2] + 0
			}
			print lo, hi, p4, p2
		}
		if (fig == "placement") {
			for (i = 1; i <= ng; i++) printf "%s%s", gname[i], i < ng ? " " : "\n"
			print waiters
			print gkind
		}
		if (fig == "heatmap") {
			lo = ""; hi = ""
			for (k in cell) {
				m = median(cell[k])
				if (lo == "" || m < lo) lo = m
				if (hi == "" || m > hi) hi = m
			}
			print lo, hi
			xl = xh = yl = yh = ""
			for (k in cell) {
				split(k, kp, SUBSEP)
				if (xl == "" || kp[2] + 0 < xl) xl = kp[2] + 0
				if (xh == "" || kp[2] + 0 > xh) xh = kp[2] + 0
				if (yl == "" || kp[3] + 0 < yl) yl = kp[3] + 0
				if (yh == "" || kp[3] + 0 > yh) yh = kp[3] + 0
			}
			print xl, xh, yl, yh
		}
		exit
	}
	for (i = 1; i <= ns && fig != "placement"; i++) {
		s = sname[i]
		if (i > 1) printf "\n\n"
		printf "# %s\n", s
		if (fig == "scaling") {
			n = sorted_keys(p50, s, ks)
			for (j = 1; j <= n; j++)
				print ks[j], median(p50[s, ks[j]]), median(p99[s, ks[j]]), \
				      median(rps[s, ks[j]]), "\"" ks[j] (((s, ks[j]) in yld) ? " (yield)" : "") "\""
		} else if (fig == "hazards") {
			n = sorted_keys(rem, s, ks)
			for (j = 1; j <= n; j++)
				print ks[j], rem[s, ks[j]] ? haz[s, ks[j]] / rem[s, ks[j]] * 1e6 : 0
		} else if (fig == "cdf") {
			n = sorted_keys(cnt, s, ks)
			sum = 0
			for (j = 1; j <= n; j++) {
				sum += cnt[s, ks[j]]
				print ks[j], sum / tot[s]
			}
		} else if (fig == "heatmap") {
			for (k in cell) {
				split(k, kk, SUBSEP)
				if (kk[1] == s) print kk[2], kk[3], median(cell[k])
			}
		}
	}
	if (fig == "placement") {
		for (i = 1; i <= ng; i++) {
			g = gname[i]
			printf "%s", g
			for (j = 1; j <= ns; j++) {
				s = sname[j]
				if (!((g, s) in v)) { printf " ? ? ?"; continue }
				if ((g, s) in ci)
					printf " %s %s %s", mean(v[g, s]), mean(v[g, s]) - mean(ci[g, s]),
						mean(v[g, s]) + mean(ci[g, s])
				else
					printf " %s %s %s", median(v[g, s]), minof(v[g, s]), maxof(v[g, s])
			}
			printf "\n"
		}
	}
}
