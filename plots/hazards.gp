# SPDX-License-Identifier: MIT
# Hazards per million removals (all four hazard columns over removes) against
# the injected gap (inject_init_gap_ns + inject_pre_func_ns), one line per
# strategy; rows with the same gap are pooled (repetitions, wait modes unless
# -e "wait='poll'").  Feed it runs made with --inject.  The y axis is log:
# natural counts (below one per million) and injected ones (up to 10^6) both
# show; a zero count sits on its own dashed line at the bottom, labelled 0,
# with hollow points.
#
#   gnuplot -e "csv='run.csv'; out='hazards.png'" plots/hazards.gp
#
# out ending in .svg writes SVG, anything else PNG.  Optional: title='...'
# replaces the title; the machine and command otherwise come from the CSV's
# '#' lines (a sweep's '# sweep:' line when present).

# the checks, title facts, terminal and style every figure shares
script = ARG0
dir = (strstrt(ARG0, "/") > 0) ? system("dirname '".ARG0."'") : "."
load dir."/common.gp"

sel = exists("wait") ? "-v wait='".wait."'" : ""
info = system("awk -f '".dir."/table.awk' -v fig=hazards -v list=1 ".sel." '".csv."'")
series = line(info, 1)
sidx = line(info, 2)
if (words(series) == 0) { print ARG0.": no rows in ".csv; exit status 1 }
if (!exists("title")) title = "Hazards per million removals vs injected gap".(exists("wait") ? " (wait ".wait.")" : "")."\n".machine."\n".cmd
# "list_empty:pre-func" -> "list_empty, pre-func"
label(s) = strstrt(s, ":") ? s[1:strstrt(s, ":")-1].", ".s[strstrt(s, ":")+1:] : s
kind(s) = strstrt(s, ":") ? s[strstrt(s, ":")+1:] : ""
set title title font ",10"
set xlabel "injected gap; init-gap: between the INIT_LIST_HEAD stores, pre-func: before the call" font ",9"
set ylabel "hazards per million removals"
# log y; zero has no place on it, so it gets a line of its own one decade
# below the smallest count
stats tab("hazards", sel) using ($2 > 0 ? $2 : NaN) nooutput name "H"
pos = exists("H_records") && H_records > 0
zero = pos ? 10 ** (floor(log10(H_min)) - 1) : 0.01
top = pos ? 10 ** (ceil(log10(H_max)) + (H_max == 10 ** ceil(log10(H_max)))) : 1
set logscale y
set yrange [zero / 3 : top]
set format y "1e%T"
set ytics add ("0" zero)
set arrow 1 from graph 0, first zero to graph 1, first zero nohead dt 2 lc rgb "#888888" back
y(v) = v > 0 ? v : zero
# the zero runs are drawn again last, first series on top: a strategy with
# no hazard at all (locked) stays visible on the zero line
set offsets 0.3, 0.3, 0, 0
set key outside below center horizontal font ",8" maxrows 3 spacing 0.9 samplen 2
plot for [i=1:words(series)] tab("hazards", sel) index (i-1) using 1:(y($2)):xtic(3) with lines lw 2 \
	dt 1 + (kind(word(series, i)) eq "init-gap") lc rgb C[(word(sidx, i)+0-1)%8+1] title label(word(series, i)), \
     for [i=1:words(series)] tab("hazards", sel) index (i-1) using 1:($2 > 0 ? $2 : NaN) with points \
	pt (kind(word(series, i)) eq "init-gap" ? 5 : 7) ps 1.3 lc rgb C[(word(sidx, i)+0-1)%8+1] notitle, \
     for [i=words(series):1:-1] tab("hazards", sel) index (i-1) using 1:($2 > 0 ? NaN : zero) with linespoints \
	lw 2 dt 1 + (kind(word(series, i)) eq "init-gap") pt (kind(word(series, i)) eq "init-gap" ? 4 : 6) ps 1.3 \
	lc rgb C[(word(sidx, i)+0-1)%8+1] notitle
