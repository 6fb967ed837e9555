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

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

sel = exists("wait") ? "-v wait='".wait."'" : ""
info = system("awk -f '".dir."/table.awk' -v fig=heatmap -v list=1 ".sel." '".csv."'")
strats = line(info, 1)
lo = real(word(line(info, 2), 1))
hi = real(word(line(info, 2), 2))
xr = line(info, 3)
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
	# the x label only under the lowest panel of each column: the panel
	# below would write its title over it
	if (i + cols <= n) { unset xlabel } else { set xlabel "signaler CPU" font ",9" }
	d = tab("heatmap", sel)
	plot d index (i-1) using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5):3 with boxxyerror fs solid 1.0 noborder fc palette, \
	     d index (i-1) using 1:2:(sprintf("%.0f", $3)) with labels font ",8" tc rgb "#000000"
}
unset multiplot
