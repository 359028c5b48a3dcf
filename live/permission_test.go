package live_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

var certifiedStore = live.Preconditions{StoreCertified: true, GoodStanding: true}

func TestPermissionLifecycle(t *testing.T) {
	p, err := live.NewPermission("cups")
	require.NoError(t, err)
	assert.Equal(t, "cups", p.Account())
	assert.Equal(t, live.NotApplied, p.Status())
	assert.Empty(t, p.History())

	d := func(n int) time.Time { return sessionDay.AddDate(0, 0, n) }
	p1, err := p.Apply(d(0), certifiedStore)
	require.NoError(t, err)
	assert.Equal(t, live.NotApplied, p.Status(), "receiver unchanged")
	p2, err := p1.Reject(d(1), "store photos unclear")
	require.NoError(t, err)
	p3, err := p2.Apply(d(2), certifiedStore)
	require.NoError(t, err)
	p4, err := p3.Approve(d(2)) // the same instant is not backwards
	require.NoError(t, err)
	p5, err := p4.Revoke(d(9), "fake streaming")
	require.NoError(t, err)
	p6, err := p5.Apply(d(40), certifiedStore) // a revoked account may reapply
	require.NoError(t, err)
	assert.Equal(t, live.Pending, p6.Status())
	assert.Equal(t, []live.PermissionEvent{
		{Status: live.Pending, At: d(0)},
		{Status: live.Rejected, At: d(1), Reason: "store photos unclear"},
		{Status: live.Pending, At: d(2)},
		{Status: live.Approved, At: d(2)},
		{Status: live.Revoked, At: d(9), Reason: "fake streaming"},
		{Status: live.Pending, At: d(40)},
	}, p6.History())
	assert.Len(t, p4.History(), 4, "versions do not share appends")

	// Two versions branching from one do not see each other's events.
	a, _ := p3.Approve(d(3))
	r, _ := p3.Reject(d(3), "no")
	assert.Equal(t, live.Approved, a.History()[3].Status)
	assert.Equal(t, live.Rejected, r.History()[3].Status)

	h := p6.History()
	h[0].Reason = "x"
	assert.Empty(t, p6.History()[0].Reason, "History returns a copy")
}

func TestPermissionErrors(t *testing.T) {
	p, _ := live.NewPermission("cups")
	pending, _ := p.Apply(sessionDay, certifiedStore)
	approved, _ := pending.Approve(sessionDay.Add(time.Hour))
	rejected, _ := pending.Reject(sessionDay.Add(time.Hour), "r")
	later := sessionDay.Add(48 * time.Hour)

	tests := []struct {
		name   string
		from   live.Permission
		do     func(live.Permission) (live.Permission, error)
		target error
		msg    string
	}{
		{"approve not applied", p, func(p live.Permission) (live.Permission, error) { return p.Approve(later) },
			live.ErrTransition, `live: permission of "cups": approve: cannot go from not applied to approved: transition not allowed`},
		{"apply pending", pending, func(p live.Permission) (live.Permission, error) { return p.Apply(later, certifiedStore) },
			live.ErrTransition, `apply: cannot go from pending to pending`},
		{"apply approved", approved, func(p live.Permission) (live.Permission, error) { return p.Apply(later, certifiedStore) },
			live.ErrTransition, `cannot go from approved to pending`},
		{"revoke pending", pending, func(p live.Permission) (live.Permission, error) { return p.Revoke(later, "x") },
			live.ErrTransition, `cannot go from pending to revoked`},
		{"reject approved", approved, func(p live.Permission) (live.Permission, error) { return p.Reject(later, "x") },
			live.ErrTransition, `cannot go from approved to rejected`},
		{"approve rejected", rejected, func(p live.Permission) (live.Permission, error) { return p.Approve(later) },
			live.ErrTransition, `cannot go from rejected to approved`},
		{"both preconditions unmet", p, func(p live.Permission) (live.Permission, error) { return p.Apply(later, live.Preconditions{}) },
			live.ErrPrecondition, `live: permission of "cups": apply: store not certified, account not in good standing: precondition not met`},
		{"standing unmet", rejected, func(p live.Permission) (live.Permission, error) {
			return p.Apply(later, live.Preconditions{StoreCertified: true})
		}, live.ErrPrecondition, `apply: account not in good standing: precondition not met`},
		{"reject without reason", pending, func(p live.Permission) (live.Permission, error) { return p.Reject(later, "") },
			commerce.ErrInvalid, `permission of "cups": reject: reason: required`},
		{"revoke with a bad reason", approved, func(p live.Permission) (live.Permission, error) { return p.Revoke(later, " x") },
			commerce.ErrInvalid, `permission of "cups": revoke: reason`},
		{"backwards", pending, func(p live.Permission) (live.Permission, error) { return p.Approve(sessionDay.Add(-time.Second)) },
			commerce.ErrInvalid, `approve: time: 2024-06-18T06:59:59+08:00 is before the permission's last event at 2024-06-18T07:00:00+08:00`},
		{"zero time", p, func(p live.Permission) (live.Permission, error) { return p.Apply(time.Time{}, certifiedStore) },
			commerce.ErrInvalid, `apply: time: zero time`},
		{"zero permission", live.Permission{}, func(p live.Permission) (live.Permission, error) { return p.Apply(later, certifiedStore) },
			commerce.ErrInvalid, `permission: account: empty`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.do(tc.from)
			require.ErrorIs(t, err, tc.target)
			assert.Contains(t, err.Error(), tc.msg)
			assert.True(t, got.Equal(tc.from), "a failed transition returns the receiver")
		})
	}
	_, err := live.NewPermission("")
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestPermissionStatusString(t *testing.T) {
	assert.Equal(t, "not applied pending approved rejected revoked PermissionStatus(7)",
		fmt.Sprint(live.NotApplied, live.Pending, live.Approved, live.Rejected, live.Revoked, live.PermissionStatus(7)))
}

// TestPermissionRandomTransitions checks random steps against the state
// table of PermissionStatus: a step succeeds exactly when the table, the
// preconditions, the reason and the clock allow it; a failed step changes
// nothing; the history records every success, in time order.
func TestPermissionRandomTransitions(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	allowed := map[string][]live.PermissionStatus{
		"apply":   {live.NotApplied, live.Rejected, live.Revoked},
		"approve": {live.Pending},
		"reject":  {live.Pending},
		"revoke":  {live.Approved},
	}
	target := map[string]live.PermissionStatus{"apply": live.Pending, "approve": live.Approved, "reject": live.Rejected, "revoke": live.Revoked}
	names := []string{"apply", "approve", "reject", "revoke"}
	for range live.LongCases(3000, 1_000_000) {
		p, _ := live.NewPermission("acct")
		now := sessionDay
		successes := 0
		for range 10 {
			name := names[rng.IntN(len(names))]
			at := now.Add(time.Duration(rng.IntN(100)-10) * time.Hour)
			pre := live.Preconditions{StoreCertified: rng.IntN(6) > 0, GoodStanding: rng.IntN(6) > 0}
			reason := ""
			if rng.IntN(5) > 0 {
				reason = "because"
			}
			var next live.Permission
			var err error
			switch name {
			case "apply":
				next, err = p.Apply(at, pre)
			case "approve":
				next, err = p.Approve(at)
			case "reject":
				next, err = p.Reject(at, reason)
			case "revoke":
				next, err = p.Revoke(at, reason)
			}
			ok := slices.Contains(allowed[name], p.Status()) && (successes == 0 || !at.Before(now)) &&
				(name != "apply" || (pre.StoreCertified && pre.GoodStanding)) &&
				(reason != "" || (name != "reject" && name != "revoke"))
			require.Equal(t, ok, err == nil, "%s from %v at %v: %v", name, p.Status(), at, err)
			if err != nil {
				require.True(t, errors.Is(err, live.ErrTransition) || errors.Is(err, live.ErrPrecondition) || errors.Is(err, commerce.ErrInvalid))
				require.True(t, next.Equal(p))
				continue
			}
			require.Equal(t, target[name], next.Status())
			successes++
			p, now = next, at
		}
		h := p.History()
		require.Len(t, h, successes)
		for i := 1; i < len(h); i++ {
			require.False(t, h[i].At.Before(h[i-1].At))
		}
	}
}
