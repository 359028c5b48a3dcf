package referral

import (
	"fmt"
	"maps"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Tracker counts what each beneficiary has accrued, per calendar day and
// month in a plan's location and in total, so a [Program] can apply its
// [Caps] across orders. It is the [Usage] of a batch: record each accrual
// after it is made, in any order. A Tracker is a mutable accumulator, like
// a map: it is not safe for concurrent use. Refunds do not give room back.
// Make one with [Program.Tracker]; the zero Tracker counts days in UTC and
// takes its currency from the first accrual it records.
type Tracker struct {
	loc *time.Location
	cur commerce.Currency
	m   map[trackKey]int64
}

type trackKey struct {
	ben    string
	period Cap
	start  int64
}

// Tracker returns an empty tracker for the program's caps.
func (pr *Program) Tracker() *Tracker {
	return &Tracker{loc: pr.plan.Location, cur: pr.plan.Currency, m: make(map[trackKey]int64)}
}

// Record adds an accrual's shares to their beneficiaries' totals. An
// accrual in another currency than the tracker's is
// [commerce.ErrCurrencyMismatch], and a total beyond int64
// [commerce.ErrOverflow]; neither records anything.
func (t *Tracker) Record(a Accrual) error {
	if t.cur == 0 {
		if _, err := commerce.NewMoney(0, a.Currency); err != nil {
			return &commerce.FieldError{Field: "tracker: accrual currency", Err: err}
		}
		t.cur = a.Currency
	}
	if a.Currency != t.cur {
		return &commerce.MismatchError{A: t.cur, B: a.Currency}
	}
	if t.m == nil {
		t.m = make(map[trackKey]int64)
	}
	day, month := periodStarts(a.At, t.loc)
	keys := func(ben string) [3]trackKey {
		return [3]trackKey{{ben, DayCap, day.Unix()}, {ben, MonthCap, month.Unix()}, {ben, LifetimeCap, 0}}
	}
	// Check every sum before changing any, so an overflow records nothing.
	next := make(map[trackKey]int64)
	for _, s := range a.Shares {
		for _, k := range keys(s.Beneficiary) {
			cur, ok := next[k]
			if !ok {
				cur = t.m[k]
			}
			if next[k], ok = add64(cur, s.Amount.Units()); !ok {
				return fmt.Errorf("referral: tracker: %s: %w", s.Beneficiary, commerce.ErrOverflow)
			}
		}
	}
	maps.Copy(t.m, next)
	return nil
}

// Accrued implements [Usage].
func (t *Tracker) Accrued(beneficiary string, day, month time.Time) CapUsage {
	if t.cur == 0 {
		return CapUsage{}
	}
	m := func(v int64) commerce.Money { return commerce.MustNewMoney(v, t.cur) }
	return CapUsage{
		Day:      m(t.m[trackKey{beneficiary, DayCap, day.Unix()}]),
		Month:    m(t.m[trackKey{beneficiary, MonthCap, month.Unix()}]),
		Lifetime: m(t.m[trackKey{beneficiary, LifetimeCap, 0}]),
	}
}
