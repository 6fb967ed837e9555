# SPDX-License-Identifier: MIT
# Grouped bars: median remove_ns_p50 per group and strategy, error bars from
# the smallest to the largest value over repetitions (mean -+ ci95 when the CSV
# has a ci95 column).  Groups are the placement column when present, else the
# wait mode.  One waiter count per figure (-e "waiters=2"; default: the
# largest without oversubscription).  Natural rows only.
#
#   gnuplot -e "csv='run.csv'; out='placement.png'" plots/placement.gp
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

sel = exists("waiters") ? sprintf("-v waiters=%d", waiters) : ""
info = system("awk -f '".dir."/table.awk' -v fig=placement -v list=1 ".sel." '".csv."' '".csv."'")
strats = system("echo '".info."' | sed -n 1p")
groups = system("echo '".info."' | sed -n 2p")
nw = system("echo '".info."' | sed -n 3p")
if (words(strats) == 0) { print ARG0.": no natural rows in ".csv; exit status 1 }
grp = system("awk '!/^#/ { print; exit }' '".csv."' | grep -q placement && echo placement || echo 'wait mode'")
if (!exists("title")) title = "Median removal latency by ".grp." and strategy (".nw." waiter".(nw eq "1" ? "" : "s")."), bars min-max over reps\n".machine."\n".cmd
set title title font ",10"
set ylabel "remove_ns_p50, ns"
set xlabel grp
set yrange [0:*]
set style data histograms
set style histogram errorbars gap 1.5 lw 1.5
set style fill solid 1.0 border rgb "#333333"
set boxwidth 0.9
set errorbars lc rgb "#222222"
set xtics nomirror
data = "< awk -f '".dir."/table.awk' -v fig=placement ".sel." '".csv."' '".csv."'"
plot for [i=1:words(strats)] data using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) lc rgb C[(i-1)%8+1] title word(strats, i)
