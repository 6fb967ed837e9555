# SPDX-License-Identifier: MIT
# Removal latency CDF per strategy, log x, from a histogram CSV with the
# columns strategy,rep,bucket_low_ns,count,cum_fraction (one row per
# non-empty bucket; fencebench --histogram FILE).  Repetitions are merged.
# The histogram CSV may carry no '#' lines: -e "metafile='run.csv'" takes the
# title's machine and command from the run's CSV instead (used only when
# the histogram CSV has no "# machine:" line).  Each step is drawn from the
# bucket's lower bound.  The x axis ends at 4 x the largest 99.99th
# percentile (-e "xmax=NS" sets it, xmax=0 shows every bucket).
#
#   gnuplot -e "csv='run.csv'; out='cdf.png'" plots/cdf.gp
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

info = system("awk -f '".dir."/table.awk' -v fig=cdf -v list=1 '".csv."'")
strats = system("echo '".info."' | sed -n 1p")
if (words(strats) == 0) { print ARG0.": no histogram rows in ".csv; exit status 1 }
rng = system("echo '".info."' | sed -n 2p")
# the x axis ends past the largest 99.99th percentile, so that a few
# preempted removals do not squeeze the rest; -e "xmax=0" shows everything
if (!exists("xmax")) xmax = 4 * real(word(rng, 3))
cut = (xmax > 0 && xmax < real(word(rng, 2)))
if (!exists("title")) title = "Removal latency CDF per strategy".(cut ? sprintf(" (x cut at %g ns, beyond every p99.99)", xmax) : "")."\n".machine."\n".cmd
set title title font ",10"
set xlabel "remove latency, ns (log)"
set ylabel "fraction of removals at or below"
set logscale x
if (cut) { set xrange [real(word(rng, 1)) / 1.5 : xmax] }
set yrange [0:1.02]
set ytics 0.1
set key inside right bottom vertical maxrows 10 opaque box lc rgb "#aaaaaa" title "strategy" font ",9"
plot for [i=1:words(strats)] tab("cdf", "") index (i-1) using 1:2 with steps lw 2 lc rgb C[(i-1)%8+1] title word(strats, i)
