# SPDX-License-Identifier: MIT
# The data of plots/timeline.gp from a --trace CSV: for @rounds sampled
# rounds of @strategy (those whose precheck failed first, where any did),
# one line per stamp "y ns event lane odd", lanes in blocks of one round
# (signaler on top), blank lines between lanes so each is drawn as a line;
# with several waiters the signaler's s4a and func name theirs (s4a:w1).
# -v list=1 prints only how many rounds were chosen.
BEGIN { FS = ","; if (!rounds) rounds = 4 }
/^#/ { next }
!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
$c["strategy"] != strategy { next }
$c["event"] == "all_done" { next }	# the signaler's wait for the waiters: not the race
{
	k = $c["sample"]
	if (!(k in seen)) { seen[k] = 1; order[++ns] = k }
	if ($c["event"] == "precheck" && $c["outcome"] != "fastpath") failed[k] = 1
	lane = $c["lane"]
	if (lane + 1 > nl) nl = lane + 1
	n[k, lane]++
	ev[k, lane, n[k, lane]] = $c["event"]
	of[k, lane, n[k, lane]] = $c["lane"] == 0 ? $c["callback_of"] : ""
	x[k, lane, n[k, lane]] = $c["ns_from_s1"]
	name[k, lane] = "round " $c["round"] " " $c["thread"]
}
END {
	for (i = 1; i <= ns && m < rounds; i++) if (order[i] in failed) pick[++m] = order[i]
	for (i = 1; i <= ns && m < rounds; i++) if (!(order[i] in failed)) pick[++m] = order[i]
	if (list) { print m + 0; exit }
	for (b = 1; b <= m; b++)
		for (lane = 0; lane < nl; lane++) {
			k = pick[b]
			y = (m - b) * (nl + 1) + (nl - lane)
			for (j = 1; j <= n[k, lane]; j++)
				printf "%d %s %s \"%s\" %d\n", y, x[k, lane, j],
				       ev[k, lane, j] (nl > 2 && of[k, lane, j] != "" ? ":w" of[k, lane, j] : ""),
				       name[k, lane], j % 2
			print ""
		}
}
