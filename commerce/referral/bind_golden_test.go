package referral

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateBind rewrites the golden files of testdata/bind. It is not called
// update, a name another test file of this package may declare.
var updateBind = flag.Bool("update-bind", false, "rewrite the golden files of testdata/bind")

// bindDay is the day of the policies: 24 hours.
const bindDay = 24 * time.Hour

// bindZone is China Standard Time, in which the golden files print times.
func bindZone() *time.Location { return time.FixedZone("CST", 8*3600) }

// bindJoined is when the member of every timeline joined: 10:00 CST on
// 1 June 2024, the start of the 618 season.
func bindJoined() time.Time { return time.Date(2024, 6, 1, 10, 0, 0, 0, bindZone()) }

// bindStep is one touch of the member "m", at an offset from bindJoined.
type bindStep struct {
	at       time.Duration
	referrer string
	method   BindMethod
}

// bindTimeline is one row of a decision table: a policy and the touches of
// one member, in the order they arrive.
type bindTimeline struct {
	name   string
	policy BindPolicy
	steps  []bindStep
}

// bindAt is a touch by referrer by link at offset d; bindScan and bindCode
// by the other methods.
func bindAt(d time.Duration, referrer string) bindStep   { return bindStep{d, referrer, ByLink} }
func bindScan(d time.Duration, referrer string) bindStep { return bindStep{d, referrer, ByScan} }
func bindCode(d time.Duration, referrer string) bindStep { return bindStep{d, referrer, ByCode} }

// bindDays is n days.
func bindDays(n int) time.Duration { return time.Duration(n) * bindDay }

// fmtBindTime prints t in CST to the nanosecond, trailing zeros trimmed.
func fmtBindTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(bindZone()).Format("2006-01-02 15:04:05.999999999")
}

// fmtBindDuration prints d as days and the rest, such as "7d", "6d23h59m59s"
// or "-1s".
func fmtBindDuration(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	n, rest := d/bindDay, d%bindDay
	switch {
	case n == 0:
		return sign + rest.String()
	case rest == 0:
		return fmt.Sprintf("%s%dd", sign, n)
	}
	return fmt.Sprintf("%s%dd%s", sign, n, rest)
}

// fmtBindPolicy prints a policy on one line.
func fmtBindPolicy(p BindPolicy) string {
	s := p.Mode.String()
	if p.Validity != 0 {
		s += ", validity " + strings.TrimPrefix(fmtBindDuration(p.Validity), "+")
	}
	if p.Protection != 0 {
		s += ", protection " + strings.TrimPrefix(fmtBindDuration(p.Protection), "+")
	}
	if p.NewUsersOnly {
		s += ", new users only within " + strings.TrimPrefix(fmtBindDuration(p.SignupWindow), "+")
	}
	return s
}

// fmtGoldenBinding prints a binding for the golden files.
func fmtGoldenBinding(b Binding) string {
	if b.IsZero() {
		return "unbound"
	}
	return fmt.Sprintf("%s by %v from %s, valid until %s, protected until %s",
		b.Referrer, b.Method, fmtBindTime(b.BoundAt), fmtBindTime(b.ValidUntil), fmtBindTime(b.ProtectedUntil))
}

// runBindTimeline writes the decisions of tl to w, deciding each touch both
// with BindPolicy.Decide and with Graph.Bind, which must agree.
func runBindTimeline(t *testing.T, w *strings.Builder, tl bindTimeline) {
	t.Helper()
	require.NoError(t, tl.policy.Validate(), tl.name)
	joined := bindJoined()
	var g Graph
	require.NoError(t, g.Join("m", joined))
	for _, r := range []string{"r1", "r2", "r3"} {
		require.NoError(t, g.Join(r, joined.Add(-bindDays(365))))
	}
	fmt.Fprintf(w, "== %s\npolicy: %s\njoined: %s\n", tl.name, fmtBindPolicy(tl.policy), fmtBindTime(joined))
	var cur Binding
	for _, s := range tl.steps {
		touch := Touch{Member: "m", Referrer: s.referrer, Method: s.method, At: joined.Add(s.at)}
		d, err := tl.policy.Decide(joined, cur, touch)
		require.NoError(t, err, tl.name)
		gd, err := g.Bind(tl.policy, touch)
		require.NoError(t, err, tl.name)
		assert.Equal(t, d.Action, gd.Action, "%s: %s: graph action", tl.name, fmtBindDuration(s.at))
		assert.Equal(t, d.Reason, gd.Reason, "%s: %s: graph reason", tl.name, fmtBindDuration(s.at))
		assert.True(t, d.Binding.Equal(gd.Binding), "%s: %s: graph binding %v, want %v", tl.name, fmtBindDuration(s.at), gd.Binding, d.Binding)
		stored, ok, err := g.Binding("m")
		require.NoError(t, err)
		assert.Equal(t, !d.Binding.IsZero(), ok)
		assert.True(t, d.Binding.Equal(stored), "%s: stored binding", tl.name)
		cur = d.Binding
		fmt.Fprintf(w, "%-14s %-19s  %s by %-4v  %-7v  %-15v  %s\n", fmtBindDuration(s.at), fmtBindTime(touch.At),
			s.referrer, s.method, d.Action, d.Reason, fmtGoldenBinding(d.Binding))
	}
	w.WriteString("\n")
}

// checkBindGolden compares got with testdata/bind/name.golden, or rewrites it
// with -update-bind.
func checkBindGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "bind", name+".golden")
	if *updateBind {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		t.Logf("wrote %s", path)
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./commerce/referral -run Golden -update-bind` to create it")
	assert.Equal(t, string(want), got, "%s changed; if intended, run `go test ./commerce/referral -run Golden -update-bind`", path)
}

// bindTables are the decision tables, one golden file each. Every file has
// at least 20 timelines (TestBindGolden checks it); the durations are the
// common settings of Chinese distribution programmes: 7, 15, 30 days of
// validity, 3 days of protection, a 24-hour signup window.
func bindTables() map[string][]bindTimeline {
	second, ns := time.Second, time.Nanosecond
	permanent := BindPolicy{Mode: BindPermanent}
	protectedPermanent := BindPolicy{Mode: BindPermanent, Protection: bindDays(3)}
	expiring := BindPolicy{Mode: BindExpiring, Validity: bindDays(7)}
	expiring30 := BindPolicy{Mode: BindExpiring, Validity: bindDays(30)}
	last := BindPolicy{Mode: BindLastTouch}
	last30 := BindPolicy{Mode: BindLastTouch, Validity: bindDays(30)}
	newPermanent := BindPolicy{Mode: BindPermanent, NewUsersOnly: true, SignupWindow: bindDay}
	newExpiring := BindPolicy{Mode: BindExpiring, Validity: bindDays(7), NewUsersOnly: true, SignupWindow: bindDay}
	newExpiringShort := BindPolicy{Mode: BindExpiring, Validity: 12 * time.Hour, NewUsersOnly: true, SignupWindow: bindDay}
	newLast := BindPolicy{Mode: BindLastTouch, NewUsersOnly: true, SignupWindow: bindDay}
	newLast7 := BindPolicy{Mode: BindLastTouch, Validity: bindDays(7), NewUsersOnly: true, SignupWindow: bindDay}
	newLastProtected := BindPolicy{Mode: BindLastTouch, Protection: 12 * time.Hour, NewUsersOnly: true, SignupWindow: bindDay}
	newWeek := BindPolicy{Mode: BindPermanent, NewUsersOnly: true, SignupWindow: bindDays(7)}
	lastP3 := BindPolicy{Mode: BindLastTouch, Protection: bindDays(3)}
	lastP3V7 := BindPolicy{Mode: BindLastTouch, Protection: bindDays(3), Validity: bindDays(7)}
	lastP7V7 := BindPolicy{Mode: BindLastTouch, Protection: bindDays(7), Validity: bindDays(7)}
	lastP10V7 := BindPolicy{Mode: BindLastTouch, Protection: bindDays(10), Validity: bindDays(7)}
	expiringP3 := BindPolicy{Mode: BindExpiring, Protection: bindDays(3), Validity: bindDays(7)}
	expiringP10 := BindPolicy{Mode: BindExpiring, Protection: bindDays(10), Validity: bindDays(7)}
	h := time.Hour

	return map[string][]bindTimeline{
		"permanent": {
			{"first touch at the instant of joining", permanent, []bindStep{bindAt(0, "r1")}},
			{"first touch a year after joining: no signup window", permanent, []bindStep{bindAt(bindDays(365), "r1")}},
			{"one second before joining, then at joining", permanent, []bindStep{bindAt(-second, "r1"), bindAt(0, "r1")}},
			{"one nanosecond before joining", permanent, []bindStep{bindAt(-ns, "r1"), bindAt(ns, "r2")}},
			{"a refused touch does not count: r2 before joining, r1 after", permanent, []bindStep{bindAt(-h, "r2"), bindAt(h, "r1"), bindAt(2*h, "r2")}},
			{"another referrer a minute later", permanent, []bindStep{bindAt(0, "r1"), bindAt(time.Minute, "r2")}},
			{"another referrer ten years later", permanent, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3652), "r2")}},
			{"same referrer again: kept, BoundAt unchanged", permanent, []bindStep{bindAt(0, "r1"), bindAt(h, "r1")}},
			{"same referrer by another method: the first method stays", permanent, []bindStep{bindAt(0, "r1"), bindScan(h, "r1")}},
			{"three referrers in a row: the first holds", permanent, []bindStep{bindAt(h, "r1"), bindAt(2*h, "r2"), bindAt(3*h, "r3")}},
			{"stale touch of another referrer", permanent, []bindStep{bindAt(2*h, "r1"), bindAt(h, "r2")}},
			{"stale touch of the same referrer", permanent, []bindStep{bindAt(2*h, "r1"), bindAt(h, "r1")}},
			{"same instant, two referrers: the first to arrive holds", permanent, []bindStep{bindAt(h, "r1"), bindAt(h, "r2")}},
			{"same instant, same referrer", permanent, []bindStep{bindAt(h, "r1"), bindCode(h, "r1")}},
			{"bound by invite code", permanent, []bindStep{bindCode(0, "r2"), bindAt(bindDay, "r1")}},
			{"bound by scan, then a link of another referrer", permanent, []bindStep{bindScan(30*time.Minute, "r3"), bindAt(h, "r1")}},
			{"alternating referrers daily for a week", permanent, []bindStep{
				bindAt(0, "r1"), bindAt(bindDays(1), "r2"), bindAt(bindDays(2), "r1"), bindAt(bindDays(3), "r2"), bindAt(bindDays(4), "r3"), bindAt(bindDays(5), "r1"), bindAt(bindDays(6), "r2")}},
			{"with protection: another referrer one second before it ends", protectedPermanent, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3)-second, "r2")}},
			{"with protection: another referrer when it ends is still held", protectedPermanent, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3), "r2"), bindAt(bindDays(365), "r3")}},
			{"with protection: same referrer while protected", protectedPermanent, []bindStep{bindAt(0, "r1"), bindAt(bindDays(1), "r1")}},
			{"first touch a nanosecond after joining", permanent, []bindStep{bindScan(ns, "r2")}},
		},
		"expiring": {
			{"first touch at joining: valid 7 days", expiring, []bindStep{bindAt(0, "r1")}},
			{"another referrer a day later: held", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(1), "r2")}},
			{"another referrer one second before expiry: held", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-second, "r2")}},
			{"another referrer one nanosecond before expiry: held", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-ns, "r2")}},
			{"another referrer exactly at expiry: lapsed, rebound", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2")}},
			{"another referrer one second after expiry", expiring, []bindStep{bindAt(0, "r1"), bindScan(bindDays(7)+second, "r2")}},
			{"same referrer within validity does not extend it", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3), "r1"), bindAt(bindDays(7), "r2")}},
			{"same referrer one second before expiry: kept", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-second, "r1")}},
			{"same referrer exactly at expiry: a fresh binding", expiring, []bindStep{bindAt(0, "r1"), bindCode(bindDays(7), "r1")}},
			{"a chain of lapses", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2"), bindAt(bindDays(14), "r3"), bindAt(bindDays(21), "r1")}},
			{"a fresh binding holds in turn", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2"), bindAt(bindDays(7)+second, "r3"), bindAt(bindDays(14)-second, "r1")}},
			{"two referrers at the instant of expiry: the first to arrive rebinds", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2"), bindAt(bindDays(7), "r3")}},
			{"stale touch", expiring, []bindStep{bindAt(bindDays(2), "r1"), bindAt(bindDays(1), "r2")}},
			{"stale touch after a rebind", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(8), "r2"), bindAt(bindDays(6), "r3")}},
			{"before joining", expiring, []bindStep{bindAt(-second, "r1"), bindAt(0, "r2")}},
			{"first touch 90 days after joining: validity runs from the touch", expiring, []bindStep{bindAt(bindDays(90), "r1"), bindAt(bindDays(96), "r2"), bindAt(bindDays(97), "r2")}},
			{"30 days: one second before and at expiry", expiring30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(30)-second, "r2"), bindAt(bindDays(30), "r2")}},
			{"a long gap: lapsed for months, then rebound by the same referrer", expiring30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(200), "r1")}},
			{"protection 3 days inside validity 7: protected, then held, then lapsed", expiringP3, []bindStep{
				bindAt(0, "r1"), bindAt(bindDays(1), "r2"), bindAt(bindDays(3)-second, "r2"), bindAt(bindDays(3), "r2"), bindAt(bindDays(7), "r2")}},
			{"protection 10 days capped at validity 7", expiringP10, []bindStep{bindAt(0, "r1"), bindAt(bindDays(6), "r2"), bindAt(bindDays(7), "r3")}},
			{"validity lapses while nobody touches", expiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(30), "r1"), bindAt(bindDays(36), "r2")}},
		},
		"last_touch": {
			{"first touch", last, []bindStep{bindAt(0, "r1")}},
			{"another referrer an hour later: overwritten", last, []bindStep{bindAt(0, "r1"), bindAt(h, "r2")}},
			{"alternating referrers: each touch takes the member", last, []bindStep{bindAt(0, "r1"), bindAt(h, "r2"), bindAt(2*h, "r1"), bindScan(3*h, "r3")}},
			{"same referrer again, no windows: refreshed, nothing to restart", last, []bindStep{bindAt(0, "r1"), bindAt(h, "r1")}},
			{"same referrer by scan: method and BoundAt stay", last, []bindStep{bindAt(0, "r1"), bindScan(bindDays(2), "r1")}},
			{"stale touch of another referrer", last, []bindStep{bindAt(2*h, "r1"), bindAt(h, "r2")}},
			{"same instant: the later arrival is the last touch", last, []bindStep{bindAt(h, "r1"), bindAt(h, "r2")}},
			{"before joining", last, []bindStep{bindAt(-h, "r1"), bindAt(-ns, "r2"), bindAt(0, "r3")}},
			{"many touches within a minute", last, []bindStep{bindAt(0, "r1"), bindAt(10*second, "r2"), bindAt(20*second, "r3"), bindAt(30*second, "r2"), bindAt(40*second, "r2")}},
			{"validity 30: another referrer one second before expiry overwrites", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(30)-second, "r2")}},
			{"validity 30: another referrer at expiry: lapsed", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(30), "r2")}},
			{"validity 30: refresh on day 20 moves the end to day 50", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(20), "r1"), bindAt(bindDays(50)-second, "r1")}},
			{"validity 30: same referrer one second before expiry refreshes", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(30)-second, "r1")}},
			{"validity 30: same referrer at expiry: a fresh binding", last30, []bindStep{bindAt(0, "r1"), bindScan(bindDays(30), "r1")}},
			{"validity 30: refresh, then lapse, then another referrer", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(10), "r1"), bindAt(bindDays(40), "r2")}},
			{"validity 30: stale refresh", last30, []bindStep{bindAt(bindDays(1), "r1"), bindAt(h, "r1")}},
			{"validity 30: overwrite restarts the windows", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(29), "r2"), bindAt(bindDays(58), "r3")}},
			{"protection 3: another referrer inside, then after", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(1), "r2"), bindAt(bindDays(3), "r2")}},
			{"protection 3: refreshed protection", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(2), "r1"), bindAt(bindDays(4), "r2"), bindAt(bindDays(5), "r2")}},
			{"first touch long after joining", last30, []bindStep{bindAt(bindDays(400), "r2")}},
			{"a lapse, then three touches at one instant", last30, []bindStep{bindAt(0, "r1"), bindAt(bindDays(31), "r2"), bindAt(bindDays(31), "r3"), bindAt(bindDays(31), "r1")}},
		},
		"new_users": {
			{"permanent: at joining", newPermanent, []bindStep{bindAt(0, "r1")}},
			{"permanent: one second before the window closes", newPermanent, []bindStep{bindAt(bindDay-second, "r1")}},
			{"permanent: one nanosecond before the window closes", newPermanent, []bindStep{bindAt(bindDay-ns, "r1")}},
			{"permanent: exactly when the window closes", newPermanent, []bindStep{bindAt(bindDay, "r1")}},
			{"permanent: before joining, then inside", newPermanent, []bindStep{bindAt(-second, "r1"), bindAt(second, "r2")}},
			{"permanent: another referrer inside the window: held", newPermanent, []bindStep{bindAt(h, "r1"), bindAt(2*h, "r2")}},
			{"permanent: same referrer after the window: not a new user", newPermanent, []bindStep{bindAt(h, "r1"), bindAt(bindDay, "r1")}},
			{"permanent: stale inside the window", newPermanent, []bindStep{bindAt(2*h, "r1"), bindAt(h, "r2")}},
			{"permanent, window 7 days: the last second", newWeek, []bindStep{bindAt(bindDays(7)-second, "r1")}},
			{"permanent, window 7 days: at its end", newWeek, []bindStep{bindAt(bindDays(7), "r1"), bindAt(bindDays(8), "r2")}},
			{"expiring 7: a lapsed binding is never replaced", newExpiring, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2"), bindAt(bindDays(30), "r2")}},
			{"expiring 7: same referrer inside the window", newExpiring, []bindStep{bindAt(0, "r1"), bindAt(h, "r1")}},
			{"expiring 12h: lapse and rebind inside the window, then closed", newExpiringShort, []bindStep{bindAt(0, "r1"), bindAt(12*h, "r2"), bindAt(bindDay, "r3")}},
			{"expiring 12h: same referrer at expiry, inside the window", newExpiringShort, []bindStep{bindAt(0, "r1"), bindAt(12*h, "r1")}},
			{"expiring 12h: the second binding reaches past the window", newExpiringShort, []bindStep{bindAt(0, "r1"), bindAt(23*h, "r2"), bindAt(bindDay+h, "r3"), bindAt(35*h, "r3")}},
			{"last touch: overwrite inside, refused after", newLast, []bindStep{bindAt(0, "r1"), bindAt(23*h, "r2"), bindAt(bindDay, "r3")}},
			{"last touch: overwrite one nanosecond before the window closes", newLast, []bindStep{bindAt(0, "r1"), bindAt(bindDay-ns, "r2")}},
			{"last touch: nothing inside the window, everything after refused", newLast, []bindStep{bindAt(bindDay, "r1"), bindAt(bindDays(2), "r2")}},
			{"last touch 7: refresh inside, none after", newLast7, []bindStep{bindAt(h, "r1"), bindAt(23*h, "r1"), bindAt(25*h, "r1")}},
			{"last touch, protection 12h: protected, then overwritten, then closed", newLastProtected, []bindStep{
				bindAt(0, "r1"), bindAt(12*h-second, "r2"), bindAt(12*h, "r2"), bindAt(bindDay, "r3")}},
			{"last touch, protection 12h: protection reaches past the window", newLastProtected, []bindStep{bindAt(20*h, "r1"), bindAt(23*h, "r2"), bindAt(33*h, "r2")}},
		},
		"protection": {
			{"last touch, protection 3: one second before it ends", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3)-second, "r2")}},
			{"last touch, protection 3: exactly when it ends", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3), "r2")}},
			{"last touch, protection 3: the new referrer is protected in turn", lastP3, []bindStep{
				bindAt(0, "r1"), bindAt(bindDays(1), "r2"), bindAt(bindDays(3), "r2"), bindAt(bindDays(4), "r1"), bindAt(bindDays(6), "r1")}},
			{"last touch, protection 3: a refresh restarts it", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(2), "r1"), bindAt(bindDays(4), "r2"), bindAt(bindDays(5), "r2")}},
			{"last touch, protection 3: same instant as the binding", lastP3, []bindStep{bindAt(h, "r1"), bindAt(h, "r2")}},
			{"last touch, protection 3: three referrers daily", lastP3, []bindStep{
				bindAt(0, "r1"), bindAt(bindDays(1), "r2"), bindAt(bindDays(2), "r3"), bindAt(bindDays(3), "r2"), bindAt(bindDays(4), "r3"), bindAt(bindDays(5), "r1"), bindAt(bindDays(6), "r1")}},
			{"protection 3 ends before validity 7: overwrite in between", lastP3V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3), "r2")}},
			{"protection 3 before validity 7: lapse after a quiet week", lastP3V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r2")}},
			{"protection 3 before validity 7: refresh on day 6", lastP3V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(6), "r1"), bindAt(bindDays(9)-second, "r2"), bindAt(bindDays(9), "r2")}},
			{"protection equals validity, 7: protected to the last second", lastP7V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-second, "r2"), bindAt(bindDays(7), "r2")}},
			{"protection 10 after validity 7: capped, lapsed at 7", lastP10V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-second, "r2"), bindAt(bindDays(7), "r2")}},
			{"protection 10 after validity 7: a refresh keeps the cap", lastP10V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(5), "r1"), bindAt(bindDays(11), "r2"), bindAt(bindDays(12), "r2")}},
			{"protection 10 after validity 7: same referrer at the lapse", lastP10V7, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7), "r1")}},
			{"expiring, protection 3: protected, then held, then lapsed", expiringP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3)-second, "r2"), bindAt(bindDays(3), "r2"), bindAt(bindDays(7), "r3")}},
			{"expiring, protection 10 capped at validity 7", expiringP10, []bindStep{bindAt(0, "r1"), bindAt(bindDays(7)-second, "r2"), bindAt(bindDays(7), "r2")}},
			{"permanent, protection 3: protected, then held for good", protectedPermanent, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3)-second, "r2"), bindAt(bindDays(3), "r2"), bindAt(bindDays(365), "r3")}},
			{"permanent, protection 3: same referrer while protected", protectedPermanent, []bindStep{bindAt(0, "r1"), bindScan(bindDays(1), "r1")}},
			{"a stale touch is stale before it is protected", lastP3, []bindStep{bindAt(bindDays(1), "r1"), bindAt(h, "r2")}},
			{"new users, protection 12h inside the window", newLastProtected, []bindStep{bindAt(0, "r1"), bindAt(6*h, "r2"), bindAt(12*h, "r2"), bindAt(18*h, "r1")}},
			{"protection of one nanosecond", BindPolicy{Mode: BindLastTouch, Protection: ns}, []bindStep{bindAt(0, "r1"), bindAt(0, "r2"), bindAt(ns, "r2")}},
			{"last touch, protection 3: overwrite at 3d+1s, protected again a second later", lastP3, []bindStep{bindAt(0, "r1"), bindAt(bindDays(3)+second, "r2"), bindAt(bindDays(3)+2*second, "r3")}},
		},
	}
}

// TestBindGolden runs the decision tables of every binding policy against
// testdata/bind/*.golden.
func TestBindGolden(t *testing.T) {
	tables := bindTables()
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		t.Run(name, func(t *testing.T) {
			assert.GreaterOrEqual(t, len(tables[name]), 20, "timelines")
			var w strings.Builder
			for _, tl := range tables[name] {
				runBindTimeline(t, &w, tl)
			}
			checkBindGolden(t, name, w.String())
		})
	}
}

// attrCase is one row of the attribution table: clicks at offsets from the
// order.
type attrCase struct {
	name   string
	attr   Attribution
	clicks []attrClick
}

// attrClick is a click at an offset from the order.
type attrClick struct {
	at       time.Duration
	referrer string
	method   BindMethod
}

// attrOrder is when the order of every attribution case is paid: 20:00 CST
// on 18 June 2024, the 618 live.
func attrOrder() time.Time { return time.Date(2024, 6, 18, 20, 0, 0, 0, bindZone()) }

// attrCases are the attribution decision table: 30 and 90 days, the
// windows of the common programmes.
func attrCases() []attrCase {
	first30 := Attribution{Model: FirstClick, Window: bindDays(30)}
	last30 := Attribution{Model: LastClick, Window: bindDays(30)}
	first90 := Attribution{Model: FirstClick, Window: bindDays(90)}
	last90 := Attribution{Model: LastClick, Window: bindDays(90)}
	second, h := time.Second, time.Hour
	c := func(d time.Duration, referrer string) attrClick { return attrClick{d, referrer, ByLink} }
	return []attrCase{
		{"last click 30: one click a day before", last30, []attrClick{c(-bindDays(1), "r1")}},
		{"last click 30: a click exactly 30 days before counts", last30, []attrClick{c(-bindDays(30), "r1")}},
		{"last click 30: a click 30 days and a second before does not", last30, []attrClick{c(-bindDays(30)-second, "r1")}},
		{"first click 30: a click at the instant of the order counts", first30, []attrClick{c(0, "r1")}},
		{"first click 30: a click a second after the order does not", first30, []attrClick{c(second, "r1")}},
		{"last click 30: the later of two", last30, []attrClick{c(-bindDays(5), "r1"), c(-bindDays(2), "r2")}},
		{"first click 30: the earlier of two", first30, []attrClick{c(-bindDays(5), "r1"), c(-bindDays(2), "r2")}},
		{"first click 30: the earliest is outside the window", first30, []attrClick{c(-bindDays(31), "r1"), c(-bindDays(10), "r2"), c(-bindDays(1), "r3")}},
		{"last click 30: a later click after the order is ignored", last30, []attrClick{c(-h, "r1"), c(h, "r2")}},
		{"last click 30: a tie goes to the smaller referrer ID", last30, []attrClick{c(-h, "r2"), c(-h, "r1")}},
		{"first click 30: a tie goes to the smaller referrer ID", first30, []attrClick{c(-bindDays(3), "r3"), c(-bindDays(3), "r2"), c(-bindDays(1), "r1")}},
		{"last click 30: same referrer and instant, link before scan", last30, []attrClick{{-h, "r1", ByScan}, {-h, "r1", ByLink}}},
		{"last click 30: no clicks", last30, nil},
		{"last click 90: 89 days counts, 91 does not", last90, []attrClick{c(-bindDays(91), "r2"), c(-bindDays(89), "r1")}},
		{"first click 90: exactly 90 days before", first90, []attrClick{c(-bindDays(10), "r2"), c(-bindDays(90), "r1")}},
		{"first click 90: 90 days and a nanosecond before", first90, []attrClick{c(-bindDays(90)-time.Nanosecond, "r1"), c(-bindDays(10), "r2")}},
		{"last click 90: the same referrer clicked three times", last90, []attrClick{c(-bindDays(60), "r1"), c(-bindDays(20), "r1"), {-bindDays(40), "r1", ByScan}}},
		{"first click 30: every click after the order", first30, []attrClick{c(second, "r1"), c(bindDays(1), "r2")}},
		{"last click, window of one second: a second before counts", Attribution{Model: LastClick, Window: second}, []attrClick{c(-second, "r1"), c(-2*second, "r2")}},
		{"first click 30: many referrers, shuffled", first30, []attrClick{
			c(-bindDays(2), "r5"), c(-bindDays(29), "r4"), c(-bindDays(31), "r3"), c(-bindDays(29), "r2"), c(-bindDays(7), "r1")}},
		{"last click 90 against first click 90 on the same clicks: last", last90, []attrClick{
			c(-bindDays(80), "r1"), {-bindDays(30), "r2", ByCode}, {-bindDays(3), "r3", ByScan}}},
		{"last click 90 against first click 90 on the same clicks: first", first90, []attrClick{
			c(-bindDays(80), "r1"), {-bindDays(30), "r2", ByCode}, {-bindDays(3), "r3", ByScan}}},
	}
}

// TestAttributionGolden runs the attribution table against
// testdata/bind/attribution.golden, and checks that every order of the
// clicks gives the same credit.
func TestAttributionGolden(t *testing.T) {
	cases := attrCases()
	assert.GreaterOrEqual(t, len(cases), 20, "cases")
	order := attrOrder()
	var w strings.Builder
	for _, tc := range cases {
		fmt.Fprintf(&w, "== %s\nattribution: %v, window %s; order at %s\n", tc.name, tc.attr.Model,
			strings.TrimPrefix(fmtBindDuration(tc.attr.Window), "+"), fmtBindTime(order))
		clicks := make([]Click, len(tc.clicks))
		for i, c := range tc.clicks {
			clicks[i] = Click{Referrer: c.referrer, Method: c.method, At: order.Add(c.at)}
			fmt.Fprintf(&w, "click %-14s %-19s  %s by %v\n", fmtBindDuration(c.at), fmtBindTime(clicks[i].At), c.referrer, c.method)
		}
		got, ok, err := tc.attr.Credit(clicks, order)
		require.NoError(t, err, tc.name)
		if ok {
			fmt.Fprintf(&w, "credit: %s by %v at %s\n\n", got.Referrer, got.Method, fmtBindTime(got.At))
		} else {
			w.WriteString("credit: none\n\n")
		}
		for i := range clicks {
			rotated := append(slices.Clone(clicks[i:]), clicks[:i]...)
			reversed := slices.Clone(rotated)
			slices.Reverse(reversed)
			for _, perm := range [][]Click{rotated, reversed} {
				g, k, err := tc.attr.Credit(perm, order)
				require.NoError(t, err)
				assert.Equal(t, ok, k, tc.name)
				assert.Equal(t, got, g, "%s: order of clicks", tc.name)
			}
		}
	}
	checkBindGolden(t, "attribution", w.String())
}
