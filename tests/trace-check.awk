# SPDX-License-Identifier: MIT
# Checks a --trace CSV's order invariants (tests/trace.sh); exit 1 naming
# each broken one.
# Within a thread, by its own counter: signaler S1 < S4a <= call <=
# unlock <= all_done (finish_wait, the wait-queue order: S1 < call <=
# S4a <= unlock, S4a being the node's careful unlink) (S1 <= S4a when the counter steps by more than one
# cycle, as arm64's generic timer and some virtual TSCs do: two stamps
# within one step read the same); waiter wait exit <= precheck <= lock <=
# return; a lock stamp exactly when the removal took the slow path.
# Across threads, with the waiter's counter minus the signaler's in
# [lo, hi] (the '# skew:' lines): a waiter leaves its poll, or its sleep,
# after S1 (a sleeper that sees SIGNALED before it sleeps is not woken by
# the call), its callback wait after its call; a slow path that found the node unlinked
# (slowpath_miss) locks after the unlock; one that unlinked it itself
# (slowpath_hit: a timed-out wait) locked before S1 and its callback was
# never called; every waiter returns before the signaler sees it done.
# Each cause is stamped before its store and each effect after its load
# (fence.h), so these hold even when a thread is preempted between an
# access and its stamp.
BEGIN { FS = "," }
/^# skew: / {
	if ($0 !~ /waiter=/)
		next
	w = $0; sub(/.*waiter=/, "", w); sub(/ .*/, "", w)
	l = $0; sub(/.*lo_cycles=/, "", l); sub(/ .*/, "", l)
	u = $0; sub(/.*hi_cycles=/, "", u); sub(/ .*/, "", u)
	lo[w] = l + 0; hi[w] = u + 0
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
		s1 = s[k, "s1"]; un = s[k, "unlock"]; dn = s[k, "all_done"]
		if (!s1 || !un || !dn) { bad(id ": the signaler's S1, unlock or all_done is missing"); continue }
		if (!(un <= dn)) bad(id ": the signaler saw the waiters done before its unlock")
		for (wi in waiters) {
			o = out[k, wi]
			a = s[k, "s4a", wi]; f = s[k, "func", wi]
			e = v[k, wi, "wait_exit"]; p = v[k, wi, "precheck"]
			l = v[k, wi, "locked"]; r = v[k, wi, "return"]
			if (!e || !r) { bad(id ": waiter " wi " has no wait exit or return"); continue }
			prev = e
			if (p) { if (p < prev) bad(id ": waiter " wi " precheck before its wait exit"); prev = p }
			if (l) { if (l < prev) bad(id ": waiter " wi " lock before its precheck"); prev = l }
			if (r < prev) bad(id ": waiter " wi " returned before its lock")
			if ((o == "fastpath") != !l) bad(id ": waiter " wi " " o " with" (l ? "" : "out") " a lock stamp")
			if (r - dn > hi[wi]) bad(id ": waiter " wi " returned after the signaler saw it done")
			if (o == "slowpath_hit") {	# removed before the signal
				if (a || f) bad(id ": waiter " wi " removed its callback, yet it was called")
				if (l - s1 > hi[wi]) bad(id ": waiter " wi " unlinked its node after S1")
				checked++
				continue
			}
			if (!a || !f) {	# only the first 8 callbacks of a signal are stamped
				if (ncb[k] < 8) bad(id ": no S4a or call for waiter " wi)
				continue
			}
			if (kk[1] == "finish_wait") {	# the call, then the careful unlink
				if (!(s1 < f) && !(step > 1 && s1 == f)) bad(id ": S1 not before the call")
				if (!(f <= a)) bad(id ": the unlink before the call")
				if (!(a <= un)) bad(id ": the unlink after the unlock")
			} else {
				if (!(s1 < a) && !(step > 1 && s1 == a)) bad(id ": S1 not before S4a")
				if (!(a <= f)) bad(id ": S4a after the call")
				if (!(f <= un)) bad(id ": the call after the unlock")
			}
			if ((wait == "poll" || wait == "sleep") && e - s1 < lo[wi])
				bad(id ": waiter " wi " left a " wait " " (s1 - e) " cycles before S1 (skew lo " lo[wi] ")")
			if (wait == "callback" && e - f < lo[wi])
				bad(id ": waiter " wi " left its wait before its callback's call")
			if (o == "slowpath_miss" && l - un < lo[wi])
				bad(id ": waiter " wi " found its node unlinked under a lock taken before the unlock")
			checked++
		}
	}
	if (!checked) bad("no complete round")
	exit fail
}
