# SPDX-License-Identifier: MIT
# Removal latency CDF per strategy, log x, from a histogram CSV with the
# columns strategy,rep,bucket_low_ns,count,cum_fraction (one row per
# non-empty bucket; fencebench --histogram FILE).  Repetitions are merged.
# The histogram CSV may carry no '#' lines: -e "metafile='run.csv'" takes the
# title's machine and command from the run's CSV instead (used only when
# the histogram CSV has no "# machine:" line).  Each step is drawn from the
# bucket's lower bound.  The x axis ends at 4 x the largest 99th
# percentile, where the shapes that matter are (preempted removals reach
# milliseconds on a loaded machine); -e "xmax=NS" sets it, xmax=0 shows
# every bucket.  -e "wait='poll'" names the run's wait mode in the title
# (scripts/plot passes the run's).
#
#   gnuplot -e "csv='run.csv'; out='cdf.png'" plots/cdf.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional: title='...'
# replaces the title; the machine and command otherwise come from the CSV's
# '#' lines (a sweep's '# sweep:' line when present).

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

info = system("awk -f '".dir."/table.awk' -v fig=cdf -v list=1 '".csv."'")
strats = line(info, 1)
if (words(strats) == 0) { print ARG0.": no histogram rows in ".csv; exit status 1 }
rng = line(info, 2)
# the x axis ends at 4 x the largest 99th percentile, so that preempted
# removals (milliseconds on a loaded machine) do not squeeze the rest;
# -e "xmax=0" shows everything
if (!exists("xmax")) xmax = 4 * real(word(rng, 4))
cut = (xmax > 0 && xmax < real(word(rng, 2)))
wmode = exists("wait") ? " (wait ".wait.")" : ""
if (!exists("title")) title = "Removal latency CDF per strategy".wmode.(cut ? sprintf(", x cut at %g ns (4 x the largest p99)", xmax) : "")."\n".machine."\n".cmd
set title title font ",10"
set xlabel "remove latency, ns (log)"
set ylabel "fraction of removals at or below"
set logscale x
if (cut) { set xrange [real(word(rng, 1)) / 1.5 : xmax] }
set yrange [0:1.02]
set ytics 0.1
set key inside right bottom vertical maxrows 10 opaque box lc rgb "#aaaaaa" title "strategy" font ",9"
plot for [i=1:words(strats)] tab("cdf", "") index (i-1) using 1:2 with steps lw 2 lc rgb C[(i-1)%8+1] title word(strats, i)
