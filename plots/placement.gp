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

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

sel = exists("waiters") ? sprintf("-v waiters=%d", waiters) : ""
info = system("awk -f '".dir."/table.awk' -v fig=placement -v list=1 ".sel." '".csv."' '".csv."'")
strats = line(info, 1)
groups = line(info, 2)
nw = line(info, 3)
if (words(strats) == 0) { print ARG0.": no natural rows in ".csv; exit status 1 }
grp = line(info, 4)
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
