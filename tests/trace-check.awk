# SPDX-License-Identifier: MIT
# Checks a --trace CSV's order invariants (tests/trace.sh); exit 1 naming
# the first broken one.
# Within a thread, by its own counter: signaler S1 < S4a <= call <=
# unlock (S1 <= S4a when the counter steps by more than one cycle, as
# arm64's generic timer and some virtual TSCs do: two stamps within one
# step read the same); waiter wait exit <= precheck <= lock <= return.
# Across threads, within the measured skew (the waiter's counter minus the
# signaler's is at least lo): a waiter leaves its poll after S1, its
# callback wait after its call, and a failed precheck takes the lock after
# the unlock.  Each cause is stamped before its store and each effect after
# its load (fence.h), so these hold even when a thread is preempted between
# an access and its stamp.
BEGIN { FS = "," }
/^# skew: / {
	if ($0 !~ /waiter=/)
		next
	w = $0; sub(/.*waiter=/, "", w); sub(/ .*/, "", w)
	l = $0; sub(/.*lo_cycles=/, "", l); sub(/ .*/, "", l)
	lo[w] = l + 0
	next
}
/^# resolution_cycles: / { step = $0; sub(/.*: /, "", step); step += 0; next }
/^#/ { next }
!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
{
	k = $c["strategy"] SUBSEP $c["sample"]
	keys[k] = 1
	wait = $c["wait"]
	ev = $c["event"]
	t = $c["cycles"] + 0
	if ($c["lane"] == 0) {
		if (ev == "s4a" || ev == "func")
			s[k, ev, $c["callback_of"]] = t
		else
			s[k, ev] = t
		if (ev == "s4a") ncb[k]++
	} else {
		wi = $c["lane"] - 1
		waiters[wi] = 1
		v[k, wi, ev] = t
		out[k, wi] = $c["outcome"]
	}
	rows++
}
function bad(what) { print "trace: " what > "/dev/stderr"; fail = 1 }
END {
	if (!rows) { bad("no rows"); exit 1 }
	for (k in keys) {
		split(k, kk, SUBSEP)
		id = kk[1] " sample " kk[2]
		s1 = s[k, "s1"]; un = s[k, "unlock"]
		if (!s1 || !un) { bad(id ": the signaler's S1 or unlock is missing"); continue }
		for (wi in waiters) {
			a = s[k, "s4a", wi]; f = s[k, "func", wi]
			if (!a || !f) { bad(id ": no S4a or call for waiter " wi); continue }
			if (!(s1 < a) && !(step > 1 && s1 == a)) bad(id ": S1 not before S4a")
			if (!(a <= f)) bad(id ": S4a after the call")
			if (!(f <= un)) bad(id ": the call after the unlock")
			e = v[k, wi, "wait_exit"]; p = v[k, wi, "precheck"]
			l = v[k, wi, "locked"]; r = v[k, wi, "return"]
			if (!e || !r) { bad(id ": waiter " wi " has no wait exit or return"); continue }
			prev = e
			if (p) { if (p < prev) bad(id ": waiter " wi " precheck before its wait exit"); prev = p }
			if (l) { if (l < prev) bad(id ": waiter " wi " lock before its precheck"); prev = l }
			if (r < prev) bad(id ": waiter " wi " returned before its lock")
			if (wait == "poll" && e - s1 < lo[wi])
				bad(id ": waiter " wi " left a poll " (s1 - e) " cycles before S1 (skew lo " lo[wi] ")")
			if (wait == "callback" && e - f < lo[wi])
				bad(id ": waiter " wi " left its wait before its callback's call")
			if (p && out[k, wi] != "fastpath" && l - un < lo[wi])
				bad(id ": waiter " wi " failed its precheck and locked before the unlock")
			checked++
		}
	}
	if (!checked) bad("no complete round")
	exit fail
}
