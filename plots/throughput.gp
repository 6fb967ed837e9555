# SPDX-License-Identifier: MIT
# Rounds per second (one fence signaled per round) against the number of
# waiters, one line per strategy; the median over repetitions.  Natural rows
# only; one wait mode per figure (-e "wait='callback'"; default: the first).
#
#   gnuplot -e "csv='run.csv'; out='throughput.png'" plots/throughput.gp
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
if (!exists("title")) title = "Throughput vs waiters (wait ".wait.")\n".machine."\n".cmd
set title title font ",10"
set xlabel "waiters"
set ylabel "rounds per second"
set format y "%.2s%c"
set yrange [0:*]
set xtics 1
# one waiter count alone would make an empty x range
stats tab("scaling", sel) using 1 nooutput
set xrange [STATS_min - 0.3 * (STATS_max - STATS_min) - 0.5 : STATS_max + 0.3 * (STATS_max - STATS_min) + 0.5]
plot for [i=1:words(strats)] tab("scaling", sel) index (i-1) using 1:4:xtic(5) with linespoints lw 2 pt 7 ps 1.2 lc rgb C[(i-1)%8+1] title word(strats, i)
