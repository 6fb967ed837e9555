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

# ---- common part (same in every plots/*.gp) ----
if (!exists("csv")) { print "usage: gnuplot -e \"csv='run.csv'; out='fig.png'\" ".ARG0; exit status 2 }
if (strstrt(csv, "'") > 0) { print ARG0.": csv: file names with ' are not supported"; exit status 2 }
if (system("test -r '".csv."' && test -s '".csv."' && echo ok") ne "ok") { print ARG0.": cannot read ".csv; exit status 1 }
if (!exists("out")) out = "fig.png"
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
tab(fig, extra) = "< awk -f '".dir."/table.awk' -v fig=".fig." ".extra." '".csv."'"
meta(file, key) = system("sed -n 's/^# ".key.": //p' '".file."' | head -1")
# the title's '#' lines: the CSV's own, else those of metafile='run.csv'
mf = (meta(csv, "machine") eq "" && exists("metafile")) ? metafile : csv
machine = meta(mf, "machine")
cmd = meta(mf, "sweep")
if (cmd eq "") cmd = meta(mf, "command")
if (strlen(cmd) > 105) cmd = cmd[1:102]."..."
# fencebench flags repetitions that other load disturbed: say how many
nd = system("awk -f '".dir."/table.awk' -v fig=info '".mf."' | awk -F= '/^rows=/ { r = $2 } /^disturbed=/ { d = $2 } END { print d \" of \" r }'")
if (nd ne "" && nd[1:2] ne "0 ") machine = machine."\n".nd." rows in the CSV disturbed by other load (column disturbed)"
if (machine eq "") machine = "machine not recorded"
if (strlen(out) > 4 && out[strlen(out)-3:] eq ".svg") {
	set terminal svg size 800,500 dynamic font "DejaVu Sans,11" background "white"
} else {
	set terminal pngcairo size 800,500 font "DejaVu Sans,10" background "white"
}
set termoption noenhanced
set output out
set datafile missing "?"
set grid lc rgb "#dddddd"
set border lc rgb "#444444"
set key outside below center horizontal maxrows 2 samplen 3 width 1
# readable, colour-blind friendly (Okabe-Ito)
array C[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
# ---- end of common part ----

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
