# SPDX-License-Identifier: MIT
# Matrix of removal latency, one panel per strategy: cell (x = signaler_cpu,
# y = waiter_cpus) is the median remove_ns_p50 of the one-waiter rows for that
# pair, printed in the cell; one colour scale over all panels.  For
# fencebench --matrix runs.  Natural rows only.
#
#   gnuplot -e "csv='run.csv'; out='heatmap.png'" plots/heatmap.gp
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

sel = exists("wait") ? "-v wait='".wait."'" : ""
info = system("awk -f '".dir."/table.awk' -v fig=heatmap -v list=1 ".sel." '".csv."'")
strats = system("echo '".info."' | sed -n 1p")
lo = real(system("echo '".info."' | sed -n 2p | cut -d' ' -f1"))
hi = real(system("echo '".info."' | sed -n 2p | cut -d' ' -f2"))
xr = system("echo '".info."' | sed -n 3p")
set xrange [real(word(xr, 1)) - 0.5 : real(word(xr, 2)) + 0.5]
set yrange [real(word(xr, 3)) - 0.5 : real(word(xr, 4)) + 0.5]
n = words(strats)
if (n == 0) { print ARG0.": no one-waiter natural rows in ".csv; exit status 1 }
if (hi <= lo) hi = lo + 1
cols = (n <= 3) ? n : (n == 4 ? 2 : 3)
rows = int((n + cols - 1) / cols)
if (!exists("title")) title = "Median removal latency (ns) per signaler/waiter CPU pair, one waiter\n".machine."\n".cmd
unset key
unset grid
set cbrange [lo:hi]
set palette defined (0 "#fff7bc", 0.5 "#fe9929", 1 "#b2182b")
set xtics 1 out nomirror
set ytics 1 out nomirror
set tics font ",9"
set cbtics font ",8"
set xlabel "signaler CPU" font ",9"
set ylabel "waiter CPU" font ",9"
set colorbox user origin screen 0.93, 0.15 size screen 0.018, 0.6
set cblabel "ns" font ",9"
set multiplot layout rows, cols title title font ",10" margins 0.07, 0.89, 0.12, 0.80 spacing 0.07, 0.14
do for [i=1:n] {
	set title word(strats, i) font ",10"
	d = tab("heatmap", sel)
	plot d index (i-1) using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5):3 with boxxyerror fs solid 1.0 noborder fc palette, \
	     d index (i-1) using 1:2:(sprintf("%.0f", $3)) with labels font ",8" tc rgb "#000000"
}
unset multiplot
