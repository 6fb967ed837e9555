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

waits = system("awk -f '".dir."/table.awk' -v fig=info '".csv."' | sed -n 's/^waits=//p'")
if (!exists("wait")) wait = (strstrt(waits, ",") > 0) ? waits[1:strstrt(waits, ",")-1] : waits
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
