# SPDX-License-Identifier: MIT
# Loaded by every figure in plots/ after it sets script (its ARG0) and dir
# (the scripts' directory): checks csv and out, reads the title's machine and command from
# the CSV's '#' lines (or metafile's), counts disturbed rows, adds the
# rows' floor (their one-way line transfer, c2c_ns), and sets the
# terminal (SVG for out ending in .svg, else PNG), the grid and the key.
# Defines tab(fig, extra), the data of a figure from table.awk,
# meta(file, key), one '#' line's value, and line(s, n).
if (!exists("csv")) { print "usage: gnuplot -e \"csv='run.csv'; out='fig.png'\" ".script; exit status 2 }
# a value pasted between '...' into the shell commands below (file names,
# wait=, strategy=) must hold no quote and no line break: it would end the
# quoting, or the command
quotable(v) = strstrt(v, "'") == 0 && strstrt(v, "\n") == 0 && strstrt(v, "\r") == 0
if (!quotable(csv)) { print script.": csv: file names with ' or a line break are not supported"; exit status 2 }
if (exists("metafile") && !quotable(metafile)) { print script.": metafile: file names with ' or a line break are not supported"; exit status 2 }
if (exists("wait") && !quotable(wait)) { print script.": wait: a wait mode holds no ' and no line break"; exit status 2 }
if (exists("strategy") && !quotable(strategy)) { print script.": strategy: a strategy name holds no ' and no line break"; exit status 2 }
# line n of s (a system() answer of several lines): data stays in gnuplot,
# never echoed through a shell
line(s, n) = strstrt(s, "\n") == 0 ? (n == 1 ? s : "") : \
	(n == 1 ? s[1:strstrt(s, "\n") - 1] : line(s[strstrt(s, "\n") + 1:], n - 1))
if (system("test -r '".csv."' && test -s '".csv."' && echo ok") ne "ok") { print script.": cannot read ".csv; exit status 1 }
if (!exists("out")) out = "fig.png"
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
# the floor the rows stood on (column c2c_ns): no number without it
fl = system("awk -f '".dir."/table.awk' -v fig=info '".mf."' | sed -n 's/^floor=//p'")
if (fl ne "") machine = machine.", floor: one-way line transfer ".fl
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
