# SPDX-License-Identifier: MIT
# Hazards per million removals (all four hazard columns over removes) against
# the injected gap (inject_init_gap_ns + inject_pre_func_ns), one line per
# strategy; rows with the same gap are pooled (repetitions, wait modes unless
# -e "wait='poll'").  Feed it runs made with --inject.
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
series = system("echo '".info."' | sed -n 1p")
sidx = system("echo '".info."' | sed -n 2p")
if (words(series) == 0) { print ARG0.": no rows in ".csv; exit status 1 }
if (!exists("title")) title = "Hazards per million removals vs injected gap".(exists("wait") ? " (wait ".wait.")" : "")."\n".machine."\n".cmd
# "list_empty:pre-func" -> "list_empty, pre-func"
label(s) = strstrt(s, ":") ? s[1:strstrt(s, ":")-1].", ".s[strstrt(s, ":")+1:] : s
kind(s) = strstrt(s, ":") ? s[strstrt(s, ":")+1:] : ""
set title title font ",10"
set xlabel "injected gap; init-gap: between the INIT_LIST_HEAD stores, pre-func: before the call" font ",9"
set ylabel "hazards per million removals"
set yrange [0:*]
set format y "%g"
set offsets 0.3, 0.3, graph 0.7, 0
set key inside right top vertical opaque box lc rgb "#aaaaaa" font ",8" maxrows 12 spacing 0.9 samplen 2
plot for [i=1:words(series)] tab("hazards", sel) index (i-1) using 1:2:xtic(3) with linespoints lw 2 \
	pt (kind(word(series, i)) eq "init-gap" ? 4 : 7) ps 1.3 dt 1 + (kind(word(series, i)) eq "init-gap") \
	lc rgb C[(word(sidx, i)+0-1)%8+1] title label(word(series, i))
