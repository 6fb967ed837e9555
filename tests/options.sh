#!/bin/bash
# SPDX-License-Identifier: MIT
# One source for options: every option --help prints (made from the table
# in harness/cli.c) must appear in the man page (fencebench.1, the
# reference) and in docs/options.md with the same short name, argument and
# default, and neither may have an option --help lacks.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# Each source as lines "--name<TAB>-x<TAB>ARG<TAB>DEFAULT" (empty fields when none).
from_help() {
	"$FB" --help | awk '
	function flush() {
		if (name == "")
			return
		def = ""
		if (match(text, /\(default: .*\)$/))
			def = substr(text, RSTART + 10, RLENGTH - 11)
		print name "\t" short "\t" arg "\t" def
		name = ""
	}
	/^      --[a-z]|^  -[A-Za-z], --[a-z]/ {
		flush()
		line = $0; sub(/^ +/, "", line)
		short = ""
		if (line ~ /^-[A-Za-z], /) { short = substr(line, 1, 2); line = substr(line, 5) }
		head = line; sub(/  .*/, "", head)	# the option and its argument
		text = substr(line, length(head) + 1)
		name = head; sub(/ .*/, "", name)
		arg = head; if (arg == name) arg = ""; else sub(/^[^ ]* /, "", arg)
		def = ""
		next
	}
	/^                    +[^ ]/ && name != "" { line = $0; sub(/^ +/, "", line); text = text " " line; next }
	{ flush() }
	END { flush() }'
}

from_man() {
	awk '
	function flush() { if (name != "") print name "\t" short "\t" arg "\t" def; name = "" }
	function plain(s) { gsub(/\\f[IRB]/, "", s); gsub(/\\-/, "-", s); gsub(/"/, "", s); return s }
	/^\.SH/ { flush(); opts = ($0 ~ /OPTIONS/); next }
	!opts { next }
	/^\.TP/ { flush(); want = 1; next }
	want {
		want = 0
		line = plain($0); sub(/^\.[A-Z]+ /, "", line); gsub(/ +/, " ", line)
		sub(/ , /, " ", line)
		short = ""
		if (line ~ /^-[A-Za-z] --/) { short = substr(line, 1, 2); line = substr(line, 4) }
		name = line; sub(/ .*/, "", name)
		arg = line; if (arg == name) arg = ""; else sub(/^[^ ]* /, "", arg)
		def = ""
		next
	}
	/^Default: / { def = plain($0); sub(/^Default: /, "", def); sub(/\.$/, "", def) }
	/^\.PP/ { flush() }
	END { flush() }' "${1:-fencebench.1}"
}

# docs/options.md: table rows "| `-x`, `--name ARG` | `DEFAULT` | ... |"
from_docs() {
	awk '
	/^\| `-/ {
		line = $0; gsub(/\\\|/, "\001", line)
		split(line, cell, /\|/)
		opt = cell[2]; def = cell[3]
		gsub(/`/, "", opt); gsub(/`/, "", def); gsub(/\001/, "|", opt); gsub(/\001/, "|", def)
		gsub(/^ +| +$/, "", opt); gsub(/^ +| +$/, "", def)
		short = ""
		if (opt ~ /^-[A-Za-z], /) { short = substr(opt, 1, 2); opt = substr(opt, 5) }
		name = opt; sub(/ .*/, "", name)
		arg = opt; if (arg == name) arg = ""; else sub(/^[^ ]* /, "", arg)
		print name "\t" short "\t" arg "\t" def
	}' docs/options.md
}

from_help | sort >"$tmp/help"
from_man | sort >"$tmp/man"
from_docs | sort >"$tmp/docs"
nh=$(wc -l <"$tmp/help")
t "--help lists every option of the table ($nh)" "[ $nh -ge 29 ]"
t "--help names each option once" "[ -z \"\$(cut -f1 $tmp/help | uniq -d)\" ]"
t "the man page has every option, with the same short name, argument and default" \
  "diff -u $tmp/help $tmp/man >&2"
t "docs/options.md has every option, with the same short name, argument and default" \
  "diff -u $tmp/help $tmp/docs >&2"

# the comparison itself must see a difference: a drifted copy fails it
sed 's/^Default: 400ms\.$/Default: 500ms./' fencebench.1 >"$tmp/drift.1"
from_man "$tmp/drift.1" | sort >"$tmp/drift"
t "a changed default in a copy of the man page is caught" "! cmp -s $tmp/help $tmp/drift"

echo "1..$n"
