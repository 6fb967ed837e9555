#!/bin/bash
# SPDX-License-Identifier: MIT
# Plot scripts and the sweep, in a few seconds: every plots/*.gp renders its
# fixture (tests/fixtures/) to a PNG that is an 800x500 PNG of some size with
# many colours and pixels of the first series' colour; gnuplot failing is
# detected; scripts/plot picks the right figures; scripts/sweep's dry run
# lists the grid, its CSV has one header and the first run's '#' lines, and
# SIGINT keeps the completed rows (a stand-in fencebench, no real runs).
# TAP output; exit 4 (skipped) without gnuplot.
set -u
if ! command -v gnuplot >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP gnuplot or python3 not installed"
	exit 4
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
fx=tests/fixtures

# "WIDTH HEIGHT COLOURS" of an 8-bit RGB(A) PNG, then the number of pixels
# of each #RRGGBB argument; standard library only
pnginfo() {
	python3 - "$@" <<'PY'
import sys, struct, zlib

def main():
    path, want = sys.argv[1], sys.argv[2:]
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('not a PNG')
    pos, idat, hdr = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit('unsupported PNG: depth %d colour type %d' % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, colours = bytearray(stride), {}
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:
            line = bytearray(map(lambda x, u: (x + u) & 255, line, prev))
        elif f:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                else:
                    c = prev[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    line[i] = (line[i] + pr) & 255
        for px in zip(line[0::bpp], line[1::bpp], line[2::bpp]):
            colours[px] = colours.get(px, 0) + 1
        prev = line
    print(w, h, len(colours))
    for c in want:
        print(colours.get(tuple(bytes.fromhex(c.lstrip('#'))), 0))

main()
PY
}

# render NAME CSV OUT [ASSIGNMENTS]: gnuplot must exit 0 and say nothing
render() {
	local name=$1 csv=$2 out=$3 extra=${4:-}
	gnuplot -e "csv='$csv'; out='$out'; $extra" "plots/$name.gp" >"$tmp/gp.out" 2>"$tmp/gp.err" &&
		[ ! -s "$tmp/gp.err" ] && [ ! -s "$tmp/gp.out" ]
}

# a readable figure: PNG signature, 800x500, over 10 kB, more than 50
# colours (text and lines are anti-aliased), and, unless COLOUR is '-',
# more than 100 pixels of COLOUR (the first series: data was drawn)
png_ok() {	# file colour
	local f=$1 colour=$2 info
	[ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || return 1
	[ "$(stat -c %s "$f")" -gt 10000 ] || return 1
	info=$(pnginfo "$f" "${colour/-/#000000}") || return 1
	echo "$info" >"$f.info"
	set -- $info
	[ "$1" = 800 ] && [ "$2" = 500 ] && [ "$3" -gt 50 ] || return 1
	[ "$colour" = - ] || [ "$4" -gt 100 ]
}

first='#0072B2'	# C[1] in every plots/*.gp
fig() {	# name csv colour [assignments]
	local name=$1 csv=$2 colour=$3 extra=${4:-}
	t "$name.gp renders $csv without a message" "render $name $csv $tmp/$name.png \"$extra\""
	t "$name.png is a readable 800x500 figure with data" "png_ok $tmp/$name.png '$colour'"
}
fig scaling $fx/sweep.csv "$first"
fig throughput $fx/sweep.csv "$first" "wait='callback'"
fig placement $fx/sweep.csv "$first"
t "scaling marks oversubscribed waiter counts on the axis" \
  "awk -f plots/table.awk -v fig=scaling -v wait=poll $fx/sweep.csv | grep -q '^2 .* \"2 (yield)\"$'"
t "placement groups by wait mode without a placement column" \
  "[ \"\$(awk -f plots/table.awk -v fig=placement -v list=1 $fx/sweep.csv $fx/sweep.csv | sed -n 2p)\" = 'poll callback' ]"
t "placement groups by the placement column when there is one" \
  "[ \"\$(awk -f plots/table.awk -v fig=placement -v list=1 $fx/placement.csv $fx/placement.csv | sed -n 2p)\" = 'same-core other-core' ]"
t "placement: median, min and max over repetitions" \
  "awk -f plots/table.awk -v fig=placement $fx/placement.csv $fx/placement.csv | grep -q '^same-core 137.5 110 165 '"
fig placement $fx/placement.csv "$first"
fig hazards $fx/inject.csv "$first"
fig cdf $fx/hist.csv "$first" "metafile='$fx/sweep.csv'"
fig heatmap $fx/matrix.csv -
t "heatmap prints the values in the cells" \
  "[ \$(sed -n 2p $tmp/heatmap.png.info) -gt 200 ]"	# black pixels: the text

t "the title carries the machine from the '#' lines" \
  "gnuplot -e \"csv='$fx/sweep.csv'; out='$tmp/t.svg'\" plots/scaling.gp 2>/dev/null &&
   grep -q 'AMD EPYC; 1 packages' $tmp/t.svg"
awk -F, 'BEGIN { OFS = "," } /^#/ { print; next } !h { h = 1; print $0, "disturbed"; next }
	{ print $0, (NR % 3 == 0) }' $fx/sweep.csv >"$tmp/dist.csv"
gnuplot -e "csv='$tmp/dist.csv'; out='$tmp/d.svg'" plots/scaling.gp 2>/dev/null
nd=$(grep -v '^#' "$tmp/dist.csv" | tail -n +2 | grep -c ',1$')
t "the title says how many rows fencebench flagged as disturbed ($nd)" \
  "[ $nd -gt 0 ] && grep -q '$nd of [0-9]* rows in the CSV disturbed by other load' $tmp/d.svg"
gnuplot -e "csv='$fx/floor-near.csv'; out='$tmp/f.svg'" plots/scaling.gp 2>/dev/null
t "the title carries the floor the rows stood on (column c2c_ns)" \
  "grep -q 'floor: one-way line transfer 33 ns' $tmp/f.svg && ! grep -q 'floor:' $tmp/t.svg"
t "an .svg output name writes SVG" "grep -q '<svg' $tmp/t.svg && ! head -c 8 $tmp/t.svg | grep -q PNG"

# the harness notices a broken run: missing file, empty file, wrong columns
render scaling "$tmp/does-not-exist.csv" "$tmp/never.png"
t "a nonexistent csv fails (status and message) and writes no PNG" \
  "! render scaling $tmp/does-not-exist.csv $tmp/never.png && [ -s $tmp/gp.err ] && [ ! -e $tmp/never.png ]"
printf 'a,b\n1,2\n' >"$tmp/other.csv"
for g in scaling throughput placement hazards cdf heatmap; do
	render $g "$tmp/other.csv" "$tmp/other-$g.png"
	rc=$?
	t "$g.gp on a CSV without its columns fails with a message" "[ $rc != 0 ] && [ -s $tmp/gp.err ]"
done
gnuplot plots/scaling.gp >/dev/null 2>"$tmp/err"
t "no csv= given: usage and status 2" "[ $? = 2 ] && grep -q usage $tmp/err"

# ---- scripts/plot
scripts/plot $fx/sweep.csv "$tmp/p1" >"$tmp/p1.out" 2>"$tmp/p1.err"
rc=$?
t "scripts/plot: a sweep with two wait modes gives scaling, throughput per mode and placement" \
  "[ $rc = 0 ] && [ ! -s $tmp/p1.err ] && [ \"\$(sed 's|.*/||' $tmp/p1.out | tr '\n' ' ')\" = 'scaling-poll.png throughput-poll.png scaling-callback.png throughput-callback.png placement.png ' ]"
scripts/plot --hist $fx/hist.csv $fx/inject.csv "$tmp/p2" >"$tmp/p2.out" 2>"$tmp/p2.err"
rc=$?
t "scripts/plot: injected rows give hazards, --hist gives cdf" \
  "[ $rc = 0 ] && grep -q '/hazards.png$' $tmp/p2.out && grep -q '/cdf.png$' $tmp/p2.out && ! grep -q heatmap $tmp/p2.out"
scripts/plot $fx/matrix.csv "$tmp/p3" >"$tmp/p3.out" 2>"$tmp/p3.err"
rc=$?
t "scripts/plot: several CPU pairs with one waiter give heatmap, no hazards" \
  "[ $rc = 0 ] && grep -q '/heatmap.png$' $tmp/p3.out && ! grep -q hazards $tmp/p3.out"
t "scripts/plot: every printed file exists" "for f in \$(cat $tmp/p1.out $tmp/p2.out $tmp/p3.out); do [ -s \$f ] || exit 1; done"
scripts/plot "$tmp/does-not-exist.csv" "$tmp/p4" >/dev/null 2>"$tmp/err"
rc=$?
t "scripts/plot: unreadable CSV: status 2, one line" "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ]"
scripts/plot "$tmp/other.csv" "$tmp/p4" >/dev/null 2>"$tmp/err"
rc=$?
t "scripts/plot: not a fencebench CSV: status 2" "[ $rc = 2 ]"

# ---- hostile input: a CSV from elsewhere is data, never code.  Each
# payload would create $tmp/pwned if any value reached gnuplot's -e, a
# shell or a path as code.
pw=$tmp/pwned
export PW=$pw	# payloads in file names say $PW: a shell that runs them expands it
hostile() {	# column value: a fixture with one row's COLUMN set to VALUE
	local f=$fx/sweep.csv
	[ "$1" != placement ] || f=$fx/placement.csv
	COL=$1 VAL=$2 edit "$f" '!done { $c[ENVIRON["COL"]] = ENVIRON["VAL"]; done = 1 }'
}
for payload in "poll'; system(\"touch $pw\"); x='" "poll';system('touch $pw');x='" \
	"\$(touch $pw)" "poll
!touch $pw
"; do
	for col in wait strategy placement; do
		hostile $col "$payload" >"$tmp/h.csv"
		scripts/plot "$tmp/h.csv" "$tmp/hout" >/dev/null 2>"$tmp/err"
		rc=$?
		# a line break splits the row: the next line is then the bad one
		case $payload in *"
"*) c='[a-z]*' ;; *) c=$col ;; esac
		t "plot: a hostile $col value ($(head -c 12 <<<"$payload" | tr '\n' ' ')...): exit 2, one line naming the column, no figure, no OUTDIR, not run" \
		  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q 'line [0-9]*: column $c ' $tmp/err &&
		   [ ! -e $tmp/hout ] && [ ! -e $pw ]"
	done
done
hostile strategy "locked'\$(touch $pw)'" | sed 's/^version,strategy,/version,strategy,/' >"$tmp/h.csv"
edit $fx/hist.csv '{ $c["strategy"] = "x\"); system(\"touch '"$pw"'\"); (\"" }' >"$tmp/h.hist.csv"
scripts/plot --hist "$tmp/h.hist.csv" $fx/sweep.csv "$tmp/hout" >/dev/null 2>"$tmp/err"
rc=$?
t "plot: a hostile strategy in the --hist CSV: exit 2, nothing run or written" \
  "[ $rc = 2 ] && grep -q -- '--hist: .* line [0-9]*: column strategy' $tmp/err && [ ! -e $tmp/hout ] && [ ! -e $pw ]"
hostile wait "poll';system('touch $pw');'" >"$tmp/h.csv"
scripts/plot --with "$tmp/h.csv" $fx/sweep.csv "$tmp/hout" >/dev/null 2>"$tmp/err"
rc=$?
t "plot: a hostile --with CSV: exit 2, nothing run or written" \
  "[ $rc = 2 ] && grep -q -- '--with: ' $tmp/err && [ ! -e $tmp/hout ] && [ ! -e $pw ]"
# file and directory names are data too: quotes, a line break, \$(...)
odd="$tmp/it's
\$(touch \$PW)\"x"
mkdir "$odd"
cp $fx/sweep.csv "$odd/r'un\$(touch \$PW).csv"
cp $fx/hist.csv "$odd/h';!touch \$PW
.csv"
scripts/plot --hist "$odd/h';!touch \$PW
.csv" "$odd/r'un\$(touch \$PW).csv" "$odd/out'\"
dir" >"$tmp/odd.out" 2>"$tmp/err"
rc=$?
t "plot: quotes, line breaks and \$(...) in the CSV, --hist and OUTDIR names are plotted as names" \
  "[ $rc = 0 ] && [ ! -s $tmp/err ] && [ ! -e $pw ] && [ -s \"\$odd/out'\\\"
dir/cdf.png\" ] && [ -s \"\$odd/out'\\\"
dir/placement.png\" ]"
# the figures alone, as plots/README.md shows them: a hostile value in the
# CSV is refused or drawn as text, never run
hostile wait "poll' ; touch $pw ; '" >"$tmp/h.csv"
gnuplot -e "csv='$tmp/h.csv'; out='$tmp/h.png'" plots/scaling.gp >/dev/null 2>&1
t "scaling.gp: a CSV whose first wait mode holds a quote runs nothing" "[ ! -e $pw ]"
gnuplot -e "csv='$tmp/h.hist.csv'; out='$tmp/h.png'" plots/cdf.gp >/dev/null 2>&1
t "cdf.gp: strategy names are not echoed through a shell" "[ ! -e $pw ]"
printf 'a,b\n' >"$tmp/bad.csv"
scripts/plot "$tmp/bad.csv" "$tmp/nodir" >/dev/null 2>&1
t "plot: a bad CSV leaves no OUTDIR behind" "[ ! -e $tmp/nodir ]"
: >"$tmp/afile"
scripts/plot $fx/sweep.csv "$tmp/afile" >/dev/null 2>"$tmp/err"
rc=$?
t "plot: an OUTDIR that is a file: exit 2 before drawing" "[ $rc = 2 ] && [ ! -s $tmp/afile ]"

# ---- scripts/sweep
nw=$(( $(nproc) - 1 )); [ $nw -ge 1 ] || nw=1
exp_w=1; for ((w = 2; w < nw; w *= 2)); do exp_w="$exp_w $w"; done; [ $nw = 1 ] || exp_w="$exp_w $nw"
scripts/sweep -n >"$tmp/dry"
t "dry run: waiter counts 1,2,4,... up to nproc-1 ($exp_w) x 2 wait modes" \
  "[ \$(wc -l <$tmp/dry) = \$(( \$(wc -w <<<'$exp_w') * 2 )) ] &&
   [ \"\$(grep -o ' -t [0-9]*' $tmp/dry | awk '{print \$2}' | sort -nu | tr '\n' ' ')\" = '$exp_w ' ]"
scripts/sweep -n -q -t 1,2,3 -W poll,callback,timeout:1us -i none,pre-func:1us -p a,b >"$tmp/dry"
t "dry run: 3 waiters x 3 waits x 2 injects x 2 placements = 36 commands" "[ \$(wc -l <$tmp/dry) = 36 ]"
t "dry run: every command runs all strategies, to CSV, with --placement" \
  "[ \$(grep -c -- '-s all .*-f csv.* --placement [ab]$' $tmp/dry) = 36 ] && [ \$(grep -c -- '-i pre-func:1us' $tmp/dry) = 18 ]"
scripts/sweep -n -t 1 >"$tmp/dry"
t "dry run: no --placement option unless --placements is given" "! grep -q -- --placement $tmp/dry"
for a in "-t 0" "-t x" "-r 0" "--bogus" "-o" "-W ," "extra"; do
	scripts/sweep -n $a >"$tmp/out" 2>"$tmp/err"
	t "sweep $a: status 2, one line on stderr" "[ $? = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && [ ! -s $tmp/out ]"
done

# a stand-in fencebench: writes '#' lines, the header and one row per
# strategy to -o FILE, SLEEP seconds per row; on SIGINT it writes the rows
# done so far and exits 130, as fencebench does.  Python, because it must
# catch SIGINT even when started with SIGINT ignored, as fencebench does.
cat >"$tmp/fb" <<'PY'
#!/usr/bin/env python3
import os, signal, sys, time
a = sys.argv[1:]
opt = lambda k: a[a.index(k) + 1] if k in a else ''
if '--dry-run' in a:    # checks as fencebench does: one line, exit 2
    if opt('-s') == 'bogus':
        sys.exit("fake: --strategy: unknown strategy 'bogus'")
    sys.exit(0)
stop = []
signal.signal(signal.SIGINT, lambda *x: stop.append(1))
rows = '# fencebench fake\n# command: fake -t %s\n# machine: fake machine\n' % opt('-t')
rows += 'version,strategy,wait,waiters\n'
for s in ('locked', 'flag'):
    end = time.time() + float(os.environ.get('SLEEP', '0'))
    while time.time() < end and not stop:    # short naps: SIGINT ends a row at once
        time.sleep(0.02)
    if stop:
        break
    rows += 'x,%s,%s,%s\n' % (s, opt('-W'), opt('-t'))
open(opt('-o'), 'w').write(rows)
sys.exit(130 if stop else 0)
PY
chmod +x "$tmp/fb"
scripts/sweep --fencebench "$tmp/fb" -t 1,2 -W poll,callback -o "$tmp/s.csv" 2>"$tmp/err"
rc=$?
t "sweep: exit 0, nothing on stderr" "[ $? = 0 ] && [ ! -s $tmp/err ]"
t "sweep: one header, 4 runs x 2 rows in grid order" \
  "[ \$(grep -c ^version, $tmp/s.csv) = 1 ] && [ \$(grep -c ^x, $tmp/s.csv) = 8 ] &&
   [ \"\$(grep ^x, $tmp/s.csv | cut -d, -f3,4 | uniq | tr '\n' ' ')\" = 'poll,1 poll,2 callback,1 callback,2 ' ]"
t "sweep: the first run's '#' lines, then a '# sweep:' line, then the header" \
  "[ \$(grep -c '^# machine' $tmp/s.csv) = 1 ] && grep -q '^# command: fake -t 1$' $tmp/s.csv &&
   [ \"\$(grep -v '^x,' $tmp/s.csv | tail -2 | cut -c1-8 | tr '\n' ' ')\" = '# sweep: version, ' ]"
set -m	# its own process group, SIGINT not ignored: like a sweep on a terminal
# A shell started with SIGINT ignored (a background job of a script, as
# under some CI runners) cannot trap it: start the sweep with SIGINT at its
# default, as on a terminal.
SLEEP=2 python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' scripts/sweep --fencebench "$tmp/fb" -t 1,2,3 \
	-o "$tmp/i.csv" 2>"$tmp/err" &
pid=$!
set +m
# no fixed sleep: wait until the first run's rows are in (the second run is
# then under way: 4 s per run, so a loaded machine cannot finish it before
# the signal lands), at most 30 s
for ((k = 0; k < 300; k++)); do
	cat "$tmp/i.csv".tmp.* 2>/dev/null | grep -q '^x,flag,poll,1$' && break
	sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?
t "sweep: SIGINT ends it with status 130 and a message" "[ $rc = 130 ] && grep -q interrupted $tmp/err"
t "sweep: SIGINT keeps the completed rows, stops the running one, runs no more" \
  "[ \$(grep -c ^version, $tmp/i.csv) = 1 ] && [ \$(grep -c '^x,locked,poll,1$' $tmp/i.csv) = 1 ] &&
   [ \$(grep -c '^x,flag,poll,1$' $tmp/i.csv) = 1 ] && ! grep -q '^x,flag,poll,2$' $tmp/i.csv &&
   ! grep -q ',3$' $tmp/i.csv"

# ---- the sweep checks every point before it writes anything
echo old >"$tmp/keep.csv"
chmod 640 "$tmp/keep.csv"
scripts/sweep --fencebench "$tmp/fb" -s bogus -t 1 -o "$tmp/keep.csv" >/dev/null 2>"$tmp/err"
rc=$?
t "sweep -s bogus: exit 2, fencebench's one line, -o FILE untouched" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q \"unknown strategy 'bogus'\" $tmp/err &&
   [ \"\$(cat $tmp/keep.csv)\" = old ] && [ -z \"\$(ls $tmp | grep 'keep.csv.tmp')\" ]"
scripts/sweep --fencebench "$tmp/fb" -t 1 -W poll -o "$tmp/keep.csv" 2>/dev/null
t "sweep -o FILE: replaced at the end, its mode (640) kept" \
  "[ \$? = 0 ] && grep -q '^x,flag,poll,1$' $tmp/keep.csv && [ \$(stat -c %a $tmp/keep.csv) = 640 ]"
mkfifo "$tmp/sweep.fifo"
timeout 60 cat "$tmp/sweep.fifo" >"$tmp/fifo.out" &	# never a hang
scripts/sweep --fencebench "$tmp/fb" -t 1 -W poll -o "$tmp/sweep.fifo" 2>/dev/null
rc=$?
wait
t "sweep -o a FIFO: written in place, no FILE.hist.csv or FILE.matrix.csv beside it" \
  "[ $rc = 0 ] && [ -p $tmp/sweep.fifo ] && grep -q '^x,flag,poll,1$' $tmp/fifo.out &&
   [ -z \"\$(ls $tmp | grep 'sweep.fifo.')\" ]"
scripts/sweep --fencebench "$tmp/fb" -t 1 -W poll -s $'locked\nversion,evil' -o "$tmp/nl.csv" 2>/dev/null
t "sweep: an argument with a line break stays on the '# sweep:' line" \
  "grep -A1 '^# sweep:' $tmp/nl.csv | tail -1 | grep -q '^version,strategy,'"

# ---- the files scripts/sweep -o writes beside the CSV
cp "$fx/sweep.csv" "$tmp/q.csv"
cp "$fx/hist.csv" "$tmp/q.hist.csv"
cp "$fx/matrix.csv" "$tmp/q.matrix.csv"
scripts/plot "$tmp/q.csv" "$tmp/q" >"$tmp/q.out" 2>"$tmp/q.err"
rc=$?
t "scripts/plot: FILE.hist.csv and FILE.matrix.csv beside the CSV give cdf and heatmap" \
  "[ $rc = 0 ] && grep -q 'q/cdf.png$' $tmp/q.out && grep -q 'q/heatmap.png$' $tmp/q.out"

# ---- what the quick sweep gives: one waiter count, one repetition
if [ -x ./fencebench ]; then
	tests/wide-csv.sh ./fencebench "$tmp/w1.csv" 1 poll 30 locked,list_empty,flag user
	tests/wide-csv.sh ./fencebench "$tmp/w2.csv" 2 callback 200 locked,list_empty,flag user
	{ cat "$tmp/w1.csv"; grep -v '^#' "$tmp/w2.csv" | tail -n +2; } |
		edit /dev/stdin 'seen[$c["strategy"] "," $c["wait"]]++ { next }' >"$tmp/one.csv"
	scripts/plot "$tmp/one.csv" "$tmp/one" >"$tmp/one.out" 2>"$tmp/one.err"
	rc=$?
	sed 's/^/# /' "$tmp/one.err"
	t "plot, one waiter count and one repetition: exit 0, the figures it can draw" \
	  "[ $rc = 0 ] && [ \"\$(sed 's|.*/||' $tmp/one.out | tr '\n' ' ')\" = 'placement.png ' ]"
	t "plot: each figure it cannot draw is skipped with one line saying why" \
	  "[ \$(wc -l <$tmp/one.err) = 5 ] && [ \$(grep -c '^plot: [a-z-]*.png skipped: ' $tmp/one.err) = 5 ] &&
	   grep -q '^plot: scaling-poll.png skipped: one waiter count' $tmp/one.err &&
	   grep -q '^plot: crossover.png skipped: .*one gives no interval' $tmp/one.err"
	# two machines with the same CPU model: each series named by its file
	scripts/plot --with "$tmp/w2.csv" "$tmp/w1.csv" "$tmp/two" >"$tmp/two.out" 2>"$tmp/two.err"
	rc=$?
	t "plot --with: two machines of one CPU model are told apart by their files" \
	  "[ $rc = 0 ] && grep -q '/crossover.png$' $tmp/two.out &&
	   grep -q '^A: w1,' $tmp/two/crossover.csv && grep -q '^B: w2,' $tmp/two/crossover.csv"
	t "plot --with: crossover.png is a readable figure with data" "png_ok $tmp/two/crossover.png '$first'"
fi
# crossover's y axis follows the changes, not one regime's wide interval
{ echo "machine,class,transfer_ns,wait,strategy,n,p50_ns,change_pct,change_half_pct,verdict,fastpath_pct,hazards"
  echo "A: X,same LLC,30,poll,list_empty,5,50,-50.0,5.0,faster,99,0"
  echo "A: X,other LLC,200,poll,list_empty,5,90,80.0,10.0,slower,99,0"
  echo "A: X,other node,120,poll,list_empty,2,70,-20.0,250.0,same,99,0"
  echo "A: X,far,300,poll,list_empty,1,70,,,n<2,99,0"; } >"$tmp/cx.csv"
render crossover "$tmp/cx.csv" "$tmp/cx.svg" "metafile='$fx/sweep.csv'"
t "crossover.gp: an interval wider than the changes is cut at the border, said so" \
  "[ ! -s $tmp/gp.err ] && grep -q 'intervals cut at the border' $tmp/cx.svg && ! grep -q '>-200<\|>-150<\|>-250<' $tmp/cx.svg"
t "crossover: a regime of one repetition (no change) is left out, not drawn at zero" \
  "[ \$(awk -f plots/table.awk -v fig=crossover $tmp/cx.csv | grep -c '^[0-9]') = 3 ]"
render cdf $fx/hist.csv "$tmp/cdf.svg" "metafile='$fx/sweep.csv'; wait='callback'"
t "cdf.gp: the title names the wait mode and where the x axis is cut" \
  "grep -q 'CDF per strategy (wait callback)' $tmp/cdf.svg && grep -q '4 x the largest p99' $tmp/cdf.svg"

# a mixed CSV: the kernel engine's rows are series of their own
{ grep -v '^#' tests/fixtures/sweep.csv | head -1 | sed 's/$/,engine/'
  grep -v '^#' tests/fixtures/sweep.csv | tail -n +2 | sed 's/$/,user/'
  grep -v '^#' tests/fixtures/sweep.csv | tail -n +2 | grep -v careful_2020 | sed 's/$/,kernel/'
} >"$tmp/mixed.csv"
series=$(awk -f plots/table.awk -v fig=scaling -v list=1 -v wait=poll "$tmp/mixed.csv")
t "plots: a mixed user/kernel CSV gives kernel/STRATEGY series beside the model's" \
  "grep -qw locked <<<'$series' && grep -qw kernel/locked <<<'$series' &&
   ! grep -qw kernel/list_empty_careful_2020 <<<'$series'"

echo "1..$n"
