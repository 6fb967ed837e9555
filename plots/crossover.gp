# SPDX-License-Identifier: MIT
# When does the precheck pay?  The p50 change of a strategy against locked
# (y, % of locked's p50, with its 95% interval) against the one-way line
# transfer measured between the signaler's and the waiter's CPUs (x), one
# series per wait mode and machine: where the series cross zero, the
# precheck stops paying.  Feed it the matrix's numbers:
#
#   fencebench --report -f csv regimes.csv [other-machine.csv...] >x.csv
#   gnuplot -e "csv='x.csv'; out='crossover.png'; metafile='regimes.csv'" plots/crossover.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional: title='...';
# strategy='list_empty_careful' (default list_empty); metafile='run.csv'
# names the machine and command in the title (scripts/plot passes it).

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

if (!exists("strategy")) strategy = "list_empty"
sel = "-v strategy='".strategy."'"
nser = system("awk -f '".dir."/table.awk' -v fig=crossover -v list=1 ".sel." '".csv."'") + 0
if (nser == 0) { print ARG0.": no rows of ".strategy." in ".csv; exit status 1 }
if (!exists("title")) title = "p50 of ".strategy." vs locked against the one-way line transfer\n".machine."\n".cmd
set datafile separator ","
set title title font ",10"
set xlabel "one-way line transfer between the signaler's and the waiter's CPUs, ns (measured)"
set ylabel "p50 change vs locked, % (95% interval)"
set format y "%+g"
# zero always in view, the x axis from no distance at all
stats tab("crossover", sel) using ($2 - $3) nooutput name "L"
stats tab("crossover", sel) using ($2 + $3) nooutput name "H"
lo = L_min < 0 ? L_min : 0
hi = H_max > 0 ? H_max : 0
pad = (hi - lo) * 0.12 + 1
set yrange [lo - pad : hi + pad]
set xrange [0:*]
set offsets 0, graph 0.1, 0, 0
set key inside right top vertical opaque box lc rgb "#aaaaaa" font ",8" samplen 2
# zero: locked itself; below it the precheck pays
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lw 2 lc rgb "#444444" dt 2 back
set label 1 "locked" at graph 0.01, first 0 offset 0, 0.6 font ",8" tc rgb "#444444"
plot for [i=1:nser] tab("crossover", sel) index (i-1) using 1:2 with lines lw 2 lc rgb C[(i-1)%8+1] notitle, \
     for [i=1:nser] tab("crossover", sel) index (i-1) using 1:2:3 with yerrorbars pt (i <= 4 ? 7 : 5) ps 1.3 \
	lc rgb C[(i-1)%8+1] title columnheader(1)
