package groupchat

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// tierFuzzLadder builds a ladder of up to four tiers from bytes, five
// bytes a tier: spend in hundreds of fen, orders, and flags for paid and
// any-of.
func tierFuzzLadder(data []byte) []Tier {
	var tiers []Tier
	for i := 0; i+5 <= len(data) && len(tiers) < 4; i += 5 {
		spend := int64(data[i]%8) * 100
		req := Requirement{MinOrders: int(data[i+1] % 5), Paid: data[i+2]%3 == 0, Any: data[i+3]%2 == 0}
		if spend > 0 {
			req.MinSpend = commerce.MustNewMoney(spend, commerce.CNY)
		}
		tiers = append(tiers, Tier{ID: string(rune('a' + len(tiers))), Requirement: req})
	}
	return tiers
}

// FuzzTierLadder checks the ladder validation against a brute-force oracle
// on a grid holding every threshold, one below it and zero, and every paid
// rank: NewTiers accepts exactly the ladders whose first tier requires
// nothing and whose every tier is met only by members who meet the one
// below, with some member meeting the one below but not it.
func FuzzTierLadder(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 0, 1, 1, 0, 5, 0, 1, 1, 0, 7, 3, 0, 0, 0},
		{0, 0, 1, 1, 0, 5, 0, 1, 1, 0, 5, 0, 1, 1, 0},
		{1, 0, 1, 1, 0},
		{0, 0, 1, 1, 0, 0, 2, 1, 1, 0, 3, 0, 1, 1, 0},
		{0, 0, 1, 1, 0, 2, 1, 1, 0, 0, 4, 2, 0, 1, 0, 6, 3, 0, 0, 0},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tiers := tierFuzzLadder(data)
		p := tierPolicy(tierRolling(), Downgrade{Mode: ToQualifying, Timing: Immediately})
		p.Tiers = tiers
		ts, err := NewTiers(p)
		if len(tiers) == 0 {
			if err == nil {
				t.Fatal("accepted no tiers")
			}
			return
		}
		spends, orders := []int64{0}, []int64{0}
		for _, tier := range tiers {
			if s := tier.Requirement.MinSpend.Units(); s > 0 {
				spends = append(spends, s-1, s)
			}
			if o := int64(tier.Requirement.MinOrders); o > 0 {
				orders = append(orders, o-1, o)
			}
		}
		meets := func(i int, s, o int64, paid int) bool { return tierOracleMeets(tiers[i].Requirement, i, s, o, paid) }
		valid := meets(0, 0, 0, -1)
		for i := 1; i < len(tiers) && valid; i++ {
			nested, strict := true, false
			for _, s := range spends {
				for _, o := range orders {
					for paid := -1; paid < len(tiers); paid++ {
						hi, lo := meets(i, s, o, paid), meets(i-1, s, o, paid)
						nested = nested && (!hi || lo)
						strict = strict || lo && !hi
					}
				}
			}
			valid = nested && strict
		}
		switch {
		case valid && err != nil:
			t.Fatalf("refused a valid ladder %+v: %v", tiers, err)
		case !valid && err == nil:
			t.Fatalf("accepted an invalid ladder %+v", tiers)
		case err != nil && !errors.Is(err, ErrTierGap) && !errors.Is(err, ErrTierOverlap):
			t.Fatalf("refused with %v", err)
		case err == nil && ts.Len() != len(tiers):
			t.Fatal("lost tiers")
		}
	})
}

// FuzzTierAssign assigns twice from fuzzed facts: it never panics, refuses
// only with commerce.ErrInvalid or a currency mismatch, a second
// assignment with the same facts and instant changes nothing, and the
// standing restores from its record.
func FuzzTierAssign(f *testing.F) {
	f.Add(int64(250000), 3, int64(0), 1, int64(0), int64(48), int64(0), int64(0))
	f.Add(int64(0), 0, int64(250000), 0, int64(2), int64(-400), int64(30), int64(200000))
	f.Add(int64(-5), -1, int64(0), 0, int64(9), int64(1<<40), int64(1), int64(1<<62))
	ts := tierPropertyPolicies(f)
	f.Fuzz(func(t *testing.T, spend int64, orders int, prevSpend int64, policy int, paid, hours, later int64, refunded int64) {
		tiers := ts[uint(policy)%uint(len(ts))]
		at := time.Date(2026, 6, 18, 20, 0, 0, 0, tierCST)
		facts := Facts{Current: Figures{Spend: commerce.MustNewMoney(spend, commerce.CNY), Orders: orders, Refunded: commerce.MustNewMoney(refunded, commerce.CNY)},
			Previous: Figures{Spend: commerce.MustNewMoney(prevSpend, commerce.CNY), RefundedOrders: orders / 2}}
		if cur, _, ok := tiers.Cycles(at, at.AddDate(-1, 0, 0)); ok {
			facts.PeriodEnd = cur.End
		}
		if ids := tiers.IDs(); paid > 0 {
			facts.PaidTier = ids[paid%int64(len(ids))]
			facts.PaidThrough = at.Add(time.Duration(hours) * time.Hour)
		}
		first, err := tiers.Assign(Standing{}, Facts{PeriodEnd: facts.PeriodEnd}, at.AddDate(0, 0, -40))
		if err != nil {
			t.Fatal(err)
		}
		s, err := tiers.Assign(first, facts, at)
		if err != nil {
			if !errors.Is(err, commerce.ErrInvalid) {
				t.Fatal(err)
			}
			return
		}
		again, err := tiers.Assign(s, facts, at)
		if err != nil || !again.Equal(s) {
			t.Fatalf("not idempotent: %v then %v (%v)", s, again, err)
		}
		if restored, err := tiers.Restore(s.Record()); err != nil || restored != s {
			t.Fatalf("restoring %v: %v (%v)", s, restored, err)
		}
		next := at.Add(time.Duration(later%(1<<20)) * time.Hour)
		if cur, _, ok := tiers.Cycles(next, at.AddDate(-1, 0, 0)); ok {
			facts.PeriodEnd = cur.End
		}
		if _, err := tiers.Assign(s, facts, next); err != nil && !errors.Is(err, commerce.ErrInvalid) {
			t.Fatal(err)
		}
		if !slices.Contains(tiers.IDs(), s.Tier()) {
			t.Fatalf("unknown tier %q", s.Tier())
		}
	})
}
