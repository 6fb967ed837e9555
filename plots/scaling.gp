# SPDX-License-Identifier: MIT
# Removal latency (median and 99th percentile) against the number of
# waiters, one colour per strategy, log y.  With several repetitions each
# point is the median over them.  Natural rows only (no injected gap); one
# wait mode per figure (-e "wait='callback'"; default: the first in the CSV).
#
#   gnuplot -e "csv='run.csv'; out='scaling.png'" plots/scaling.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional: title='...'
# replaces the title; the machine and command otherwise come from the CSV's
# '#' lines (a sweep's '# sweep:' line when present).

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

waits = system("awk -f '".dir."/table.awk' -v fig=info '".csv."' | sed -n 's/^waits=//p'")
if (!exists("wait")) wait = (strstrt(waits, ",") > 0) ? waits[1:strstrt(waits, ",")-1] : waits
if (!quotable(wait)) { print ARG0.": the CSV's first wait mode holds a ' or a line break"; exit status 2 }
sel = "-v wait='".wait."'"
strats = system("awk -f '".dir."/table.awk' -v fig=scaling -v list=1 ".sel." '".csv."'")
if (words(strats) == 0) { print ARG0.": no natural rows with wait ".wait." in ".csv; exit status 1 }
if (!exists("title")) title = "Removal latency vs waiters (wait ".wait."), p50 solid, p99 dashed\n".machine."\n".cmd
set title title font ",10"
set xlabel "waiters"
set ylabel "remove latency, ns (log)"
set logscale y
set xtics 1
# one waiter count alone would make an empty x range
stats tab("scaling", sel) using 1 nooutput
set xrange [STATS_min - 0.3 * (STATS_max - STATS_min) - 0.5 : STATS_max + 0.3 * (STATS_max - STATS_min) + 0.5]
plot for [i=1:words(strats)] tab("scaling", sel) index (i-1) using 1:2:xtic(5) with linespoints lw 2 pt 7 ps 1.2 lc rgb C[(i-1)%8+1] title word(strats, i), \
     for [i=1:words(strats)] tab("scaling", sel) index (i-1) using 1:3 with linespoints lw 2 dt 2 pt 6 ps 1.2 lc rgb C[(i-1)%8+1] notitle
