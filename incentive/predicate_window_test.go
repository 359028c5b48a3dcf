package incentive_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// Regression: a last broadcast after the check used to pass "no broadcast
// in the last 30 days", though it hides whatever happened in the window
// before the check. It is now undecided: ErrMissingFact on its own, and
// a Missing outcome under an any-of another child decides.
func TestNoBroadcastWithinLastAfterCheckIsUndecided(t *testing.T) {
	loc := cst(t)
	quiet := incentive.Predicate{Kind: incentive.NoBroadcastWithin, Days: 30}
	check := time.Date(2024, 5, 10, 12, 0, 0, 0, loc)
	for name, last := range map[string]time.Time{
		"the next day":       time.Date(2024, 5, 11, 20, 0, 0, 0, loc),
		"at the check":       check,
		"a nanosecond after": check.Add(time.Nanosecond),
	} {
		t.Run(name, func(t *testing.T) {
			f := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt, LastBroadcastAt: last}
			_, err := minimal(quiet).Check("r", f, check)
			require.ErrorIs(t, err, incentive.ErrMissingFact)
			assert.Contains(t, err.Error(), "last-broadcast-at not known")
		})
	}
	// under an any-of that passes on another child, the outcome says why
	// the broadcast part is undecided
	p := minimal(incentive.Predicate{Kind: incentive.AnyOf, Of: []incentive.Predicate{quiet,
		{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4")}}})
	f := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt | incentive.FactStoreScore,
		LastBroadcastAt: time.Date(2024, 5, 11, 20, 0, 0, 0, loc), StoreScore: score("4.5")}
	v, err := p.Check("r", f, check)
	require.NoError(t, err)
	assert.True(t, v.Eligible)
	require.Len(t, v.Outcomes, 3)
	o := v.Outcomes[1]
	assert.True(t, o.Missing)
	assert.False(t, o.Pass)
	assert.Equal(t, "last broadcast 2024-05-11T20:00:00+08:00 is not before the check at 2024-05-10T12:00:00+08:00: broadcasts before the check not known", o.Reason)
}

// Regression: the doc said "the Days natural days before the day of the
// check" while the code also counted the check day up to the check. The
// definition is now documented as the code has it: no broadcast in
// [midnight Days days before the check's day, check).
func TestNoBroadcastWithinWindowEdges(t *testing.T) {
	loc := cst(t)
	quiet := minimal(incentive.Predicate{Kind: incentive.NoBroadcastWithin, Days: 30})
	day := func(d, h, m, s, ns int) time.Time { return time.Date(2024, 5, d, h, m, s, ns, loc) }
	tests := []struct {
		name        string
		check, last time.Time
		want        string // "pass", "fail" or "undecided"
	}{
		{"08:00 on the check day, checked at 12:00", day(10, 12, 0, 0, 0), day(10, 8, 0, 0, 0), "fail"},
		{"just before a 12:00 check", day(10, 12, 0, 0, 0), day(10, 11, 59, 59, 999_999_999), "fail"},
		{"12:00 on the check day, checked at 12:00", day(10, 12, 0, 0, 0), day(10, 12, 0, 0, 0), "undecided"},
		{"12:00 on the check day, checked at 08:00", day(10, 8, 0, 0, 0), day(10, 12, 0, 0, 0), "undecided"},
		{"08:00 on the check day, checked at 08:00", day(10, 8, 0, 0, 0), day(10, 8, 0, 0, 0), "undecided"},
		{"the day before, checked at midnight", day(10, 0, 0, 0, 0), day(9, 23, 0, 0, 0), "fail"},
		{"first instant of the 30 days", day(10, 12, 0, 0, 0), time.Date(2024, 4, 10, 0, 0, 0, 0, loc), "fail"},
		{"last instant before the 30 days", day(10, 12, 0, 0, 0), time.Date(2024, 4, 9, 23, 59, 59, 999_999_999, loc), "pass"},
		{"last instant before the 30 days, checked at 23:59", day(10, 23, 59, 0, 0), time.Date(2024, 4, 9, 23, 59, 59, 999_999_999, loc), "pass"},
		{"same instant in UTC", day(10, 12, 0, 0, 0), time.Date(2024, 4, 9, 15, 59, 59, 0, time.UTC), "pass"},
		{"never", day(10, 12, 0, 0, 0), time.Time{}, "pass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := incentive.Facts{Merchant: "m", Known: incentive.FactLastBroadcastAt, LastBroadcastAt: tt.last}
			v, err := quiet.Check("r", f, tt.check)
			if tt.want == "undecided" {
				require.ErrorIs(t, err, incentive.ErrMissingFact)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want == "pass", v.Eligible, v.Outcomes)
		})
	}
}

// Regression: ErrMissingFact named facts that cannot change the result,
// such as the unknown part of an any-of that already passed.
func TestMissingFactNamesOnlyDecidingFacts(t *testing.T) {
	at := time.Date(2024, 5, 10, 0, 0, 0, 0, cst(t))
	scoreOver := incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactStoreScore, Value: score("4")}
	opened := incentive.Predicate{Kind: incentive.OpenedWithin, Days: 30}
	category := incentive.Predicate{Kind: incentive.InCategory, Categories: []string{"beauty"}}
	gate := incentive.Predicate{Kind: incentive.RefundGate, Rate: score("0.3"), MinOrders: 10}
	gmv := incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactExternalMonthlyGMV, Amount: cny("1000000.00")}
	anyOf := func(ps ...incentive.Predicate) incentive.Predicate {
		return incentive.Predicate{Kind: incentive.AnyOf, Of: ps}
	}
	allOf := func(ps ...incentive.Predicate) incentive.Predicate {
		return incentive.Predicate{Kind: incentive.AllOf, Of: ps}
	}
	known := incentive.Facts{Merchant: "m", Known: incentive.FactStoreScore, StoreScore: score("4.5")}
	tests := []struct {
		name string
		ps   []incentive.Predicate
		want string // the facts the error names
	}{
		{"passed any-of beside an unknown", []incentive.Predicate{anyOf(scoreOver, opened), category}, "category"},
		{"passed any-of nested in an all-of", []incentive.Predicate{allOf(anyOf(opened, scoreOver), category)}, "category"},
		{"undecided any-of names all its unknowns", []incentive.Predicate{anyOf(opened, category)}, "opened-at|category"},
		{"passed leaf beside undecided groups", []incentive.Predicate{scoreOver, allOf(gate, anyOf(gmv, opened))}, "opened-at|external-monthly-gmv|refunds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := minimal(tt.ps...).Check("r", known, at)
			require.True(t, errors.Is(err, incentive.ErrMissingFact), "%v", err)
			assert.Contains(t, err.Error(), `rule "r": `+tt.want+" not known")
		})
	}
	// a failing leaf decides the rule: no error at all
	v, err := minimal(incentive.Predicate{Kind: incentive.Over, Fact: incentive.FactStoreScore, Value: score("5")}, opened).Check("r", known, at)
	require.NoError(t, err)
	assert.False(t, v.Eligible)
}

// Check evaluates the predicates only, as its doc says: outside the
// programme's effective period it still answers, and the effective
// period is tested with Window.Contains. (The review found this
// undocumented; the fix is the doc, this pins the contract.)
func TestCheckIgnoresEffectivePeriod(t *testing.T) {
	p := minimal(incentive.Predicate{Kind: incentive.AtLeast, Fact: incentive.FactStoreScore, Value: score("4")})
	f := incentive.Facts{Merchant: "m", Known: incentive.FactStoreScore, StoreScore: score("4.5")}
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := p.Check("r", f, at)
	require.NoError(t, err)
	assert.True(t, v.Eligible)
	assert.False(t, p.Effective.Contains(at, time.Time{}, cst(t)), "the caller's test: 2030 is outside the 2024 programme")
	assert.True(t, p.Effective.Contains(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), time.Time{}, cst(t)))
}
