package groupchat

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/require"
)

// tierPropertyPolicies are the policies the property test draws from:
// every window kind, downgrade mode and timing, with and without grace, on
// two ladders (the tests' any-of ladder, and one mixing any-of, all-of and
// a paid tier that also needs spending).
func tierPropertyPolicies(t testing.TB) []*Tiers {
	const day = 24 * time.Hour
	mixed := []Tier{
		{ID: "free"},
		{ID: "bronze", Requirement: Requirement{MinSpend: tierYuan("300"), MinOrders: 2, Any: true}},
		{ID: "silver", Requirement: Requirement{MinSpend: tierYuan("1000"), MinOrders: 3}},
		{ID: "gold", Requirement: Requirement{MinSpend: tierYuan("3000"), MinOrders: 3, Paid: true}},
	}
	windows := []TierWindow{
		{Kind: Rolling, Days: 90},
		tierYearly(),
		{Kind: FixedPeriod, ResetMonth: time.January, ResetDay: 31, Months: 1},
		{Kind: FixedPeriod, ResetMonth: time.April, ResetDay: 1, Months: 3},
		{Kind: Anniversary},
	}
	downgrades := []Downgrade{
		{Mode: ToQualifying, Timing: Immediately},
		{Mode: OneStep, Timing: Immediately, Grace: 20 * day},
		{Mode: ToQualifying, Timing: Immediately, Grace: 30 * day},
		{Mode: ToQualifying, Timing: AtPeriodEnd},
		{Mode: OneStep, Timing: AtPeriodEnd, Grace: 10 * day},
		{Mode: ToQualifying, Timing: AtTierAnniversary, Grace: 15 * day},
		{Mode: OneStep, Timing: AtTierAnniversary},
	}
	var out []*Tiers
	for _, ladder := range [][]Tier{tierLadder(), mixed} {
		for _, w := range windows {
			for _, d := range downgrades {
				if d.Timing == AtPeriodEnd && w.Kind == Rolling {
					continue
				}
				p := tierPolicy(w, d)
				p.Tiers = ladder
				p.PaidGrace = 7 * day
				out = append(out, tierCompile(t, p))
			}
		}
	}
	return out
}

// tierEvents draws a valid history of three members, in causal order:
// joins, purchases, partial and full refunds, membership payments and
// their refunds.
func tierEvents(r *rand.Rand, ts *Tiers, seq int) []BookEvent {
	const day = 24 * time.Hour
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, tierCST)
	minute := func(max time.Duration) time.Duration {
		return time.Duration(r.Int64N(int64(max/time.Minute))) * time.Minute
	}
	var sold []string
	for _, tier := range ts.Policy().Tiers {
		if tier.Requirement.Paid {
			sold = append(sold, tier.ID)
		}
	}
	var events []BookEvent
	for m := range 3 {
		member := fmt.Sprintf("m%d", m)
		joined := base.Add(minute(60 * day))
		events = append(events, MemberJoined{Member: member, At: joined})
		for o := range r.IntN(9) {
			order := fmt.Sprintf("o-%d-%d-%d", seq, m, o)
			at := joined.Add(minute(700 * day))
			paid := 100 + r.Int64N(150_000)
			events = append(events, Purchase{Member: member, Order: order, Paid: commerce.MustNewMoney(paid, commerce.CNY), At: at})
			left := paid
			for k := range r.IntN(3) {
				amount := 1 + r.Int64N(left)
				if r.IntN(3) == 0 {
					amount = left // a full refund
				}
				events = append(events, PurchaseRefund{Key: fmt.Sprintf("%s-r%d", order, k), Member: member, Order: order,
					Amount: commerce.MustNewMoney(amount, commerce.CNY), At: at.Add(minute(60 * day))})
				if left -= amount; left == 0 {
					break
				}
			}
		}
		for p := range r.IntN(3) {
			key := fmt.Sprintf("p-%d-%d-%d", seq, m, p)
			at := joined.Add(minute(600 * day))
			through := at.Add(30*day + minute(335*day))
			events = append(events, MembershipPaid{Key: key, Member: member, Tier: sold[r.IntN(len(sold))], At: at, Through: through})
			if r.IntN(3) == 0 {
				refund := MembershipRefund{Key: key + "-refund", Member: member, Payment: key, At: at.Add(minute(through.Sub(at) + 10*day))}
				if left := through.Sub(refund.At); left >= 0 && r.IntN(2) == 0 {
					refund.Through = refund.At.Add(minute(left + time.Minute)) // pro rata
				}
				events = append(events, refund)
			}
		}
	}
	return events
}

// tierReplay records events in a random order with random duplicates (some
// with their instants in UTC), retrying those that arrive before the event
// they depend on, until every one is in.
func tierReplay(t *testing.T, r *rand.Rand, b *TierBook, events []BookEvent) {
	pending := slices.Clone(events)
	for _, i := range r.Perm(len(events))[:len(events)/3] {
		pending = append(pending, tierInUTC(events[i]))
	}
	r.Shuffle(len(pending), func(i, j int) { pending[i], pending[j] = pending[j], pending[i] })
	for len(pending) > 0 {
		var later []BookEvent
		for _, e := range pending {
			err := b.Record(e)
			switch {
			case err == nil:
			case errors.Is(err, ErrUnknownMember), errors.Is(err, ErrUnknownOrder):
				later = append(later, e)
			default:
				require.NoError(t, err, "%s", e.EventKey())
			}
		}
		require.Less(t, len(later), len(pending), "no progress")
		pending = later
	}
}

// tierInUTC returns the event with its instants in UTC: the same event.
func tierInUTC(e BookEvent) BookEvent {
	switch e := e.(type) {
	case MemberJoined:
		e.At = e.At.UTC()
		return e
	case Purchase:
		e.At = e.At.UTC()
		return e
	case PurchaseRefund:
		e.At = e.At.UTC()
		return e
	case MembershipPaid:
		e.At, e.Through = e.At.UTC(), e.Through.UTC()
		return e
	case MembershipRefund:
		e.At, e.Through = e.At.UTC(), e.Through.UTC()
		return e
	}
	return e
}

// tierOracleFacts computes a member's facts from the raw events, by the
// definitions in Facts' documentation.
func tierOracleFacts(ts *Tiers, events []BookEvent, member string, at time.Time) Facts {
	p := ts.Policy()
	var joined time.Time
	refunds := map[string][]PurchaseRefund{}
	payRefund := map[string]MembershipRefund{}
	for _, e := range events {
		switch e := e.(type) {
		case MemberJoined:
			if e.Member == member {
				joined = e.At
			}
		case PurchaseRefund:
			refunds[e.Order] = append(refunds[e.Order], e)
		case MembershipRefund:
			payRefund[e.Payment] = e
		}
	}
	cycle, prev, periodic := ts.Cycles(at, joined)
	var cur, prv Figures
	var f Facts
	bestRank, bestEnd := -1, time.Time{}
	add := func(to *Figures, paid, refunded int64) {
		to.Spend = commerce.MustNewMoney(to.Spend.Units()+paid-refunded, commerce.CNY)
		to.Refunded = commerce.MustNewMoney(to.Refunded.Units()+refunded, commerce.CNY)
		if refunded < paid {
			to.Orders++
		} else {
			to.RefundedOrders++
		}
	}
	for _, e := range events {
		switch e := e.(type) {
		case Purchase:
			if e.Member != member || e.At.After(at) {
				continue
			}
			refunded := int64(0)
			for _, r := range refunds[e.Order] {
				if !r.At.After(at) {
					refunded += r.Amount.Units()
				}
			}
			switch {
			case !periodic && at.Before(e.At.In(p.Location).AddDate(0, 0, p.Window.Days)), periodic && cycle.Contains(e.At):
				add(&cur, e.Paid.Units(), refunded)
			case periodic && prev.Contains(e.At):
				add(&prv, e.Paid.Units(), refunded)
			}
		case MembershipPaid:
			if e.Member != member || e.At.After(at) {
				continue
			}
			end := e.Through
			if r, ok := payRefund[e.Key]; ok && !r.At.After(at) && !r.Through.IsZero() {
				end = r.Through
			}
			if !at.Before(end.Add(p.PaidGrace)) {
				continue
			}
			rank, _ := ts.Rank(e.Tier)
			if rank > bestRank || rank == bestRank && end.After(bestEnd) {
				bestRank, bestEnd = rank, end
			}
		}
	}
	f.Current, f.Previous = tierNormal(cur), tierNormal(prv)
	if periodic {
		f.PeriodEnd = cycle.End
	}
	if bestRank >= 0 {
		f.PaidTier, f.PaidThrough = p.Tiers[bestRank].ID, bestEnd
	}
	return f
}

// tierNormal gives zero figures their currency, as the book does.
func tierNormal(f Figures) Figures {
	f.Spend = commerce.MustNewMoney(f.Spend.Units(), commerce.CNY)
	f.Refunded = commerce.MustNewMoney(f.Refunded.Units(), commerce.CNY)
	return f
}

// tierOracleMeets tests a requirement on figures by its documentation:
// paid is the rank of an active paid membership or -1.
func tierOracleMeets(req Requirement, rank int, spend, orders int64, paid int) bool {
	var met []bool
	if !req.MinSpend.IsZero() {
		met = append(met, spend >= req.MinSpend.Units())
	}
	if req.MinOrders > 0 {
		met = append(met, orders >= int64(req.MinOrders))
	}
	if req.Paid {
		met = append(met, paid >= rank)
	}
	if len(met) == 0 {
		return true
	}
	if req.Any {
		return slices.Contains(met, true)
	}
	return !slices.Contains(met, false)
}

// tierOracleQualify returns the highest tier the figures meet.
func tierOracleQualify(tiers []Tier, spend, orders int64, paid int) int {
	q := 0
	for i, tier := range tiers {
		if tierOracleMeets(tier.Requirement, i, spend, orders, paid) {
			q = i
		}
	}
	return q
}

// TestTierBookProperties replays random histories, permuted and with
// duplicates, and sweeps them: the facts equal an oracle's and the
// in-order book's, the standings equal the in-order book's, every
// explanation's shortfalls are exact, and a member sits above the tier
// they qualify for only by a basis that says until when. 2,000 histories
// by default, 100,000 with LIVECOMMERCE_LONG=1.
func TestTierBookProperties(t *testing.T) {
	policies := tierPropertyPolicies(t)
	r := rand.New(rand.NewPCG(20260618, 14930))
	n := longCases(2000, 100_000)
	for seq := range n {
		ts := policies[r.IntN(len(policies))]
		p := ts.Policy()
		events := tierEvents(r, ts, seq)
		inOrder, err := NewTierBook(ts)
		require.NoError(t, err)
		tierRecord(t, inOrder, events...)
		replayed, err := NewTierBook(ts)
		require.NoError(t, err)
		tierReplay(t, r, replayed, events)

		sweeps := make([]time.Time, 6)
		for i := range sweeps {
			sweeps[i] = time.Date(2026, 1, 1, 0, 0, 0, 0, tierCST).Add(time.Duration(r.Int64N(int64(900 * 24 * time.Hour))))
		}
		slices.SortFunc(sweeps, func(a, b time.Time) int { return a.Compare(b) })
		for _, at := range sweeps {
			for _, m := range inOrder.Members() {
				prev, err := inOrder.Standing(m)
				require.NoError(t, err)
				f, err := inOrder.Facts(m, at)
				require.NoError(t, err)
				require.Equal(t, tierOracleFacts(ts, events, m, at), f, "seq %d member %s at %v", seq, m, at)
				g, err := replayed.Facts(m, at)
				require.NoError(t, err)
				require.Equal(t, f, g)
				x, err := ts.Explain(prev, f, at)
				require.NoError(t, err)
				tierCheckExplanation(t, p, f, at, x)
			}
			a, err := inOrder.Sweep(at)
			require.NoError(t, err)
			b, err := replayed.Sweep(at)
			require.NoError(t, err)
			require.Equal(t, tierChangeStrings(a), tierChangeStrings(b))
			for _, m := range inOrder.Members() {
				sa, _ := inOrder.Standing(m)
				sb, _ := replayed.Standing(m)
				require.True(t, sa.Equal(sb), "seq %d member %s at %v: %v and %v", seq, m, at, sa, sb)
				f, _ := inOrder.Facts(m, at)
				again, err := ts.Assign(sa, f, at)
				require.NoError(t, err)
				require.True(t, again.Equal(sa), "not idempotent: %v then %v", sa, again)
				restored, err := ts.Restore(sa.Record())
				require.NoError(t, err, "seq %d member %s: %v", seq, m, sa)
				require.Equal(t, sa, restored)
			}
		}
	}
}

// tierCheckExplanation checks one explanation against the facts it
// explains and the policy.
func tierCheckExplanation(t *testing.T, p TierPolicy, f Facts, at time.Time, x Explanation) {
	paid := -1
	if f.PaidTier != "" && at.Before(f.PaidThrough.Add(p.PaidGrace)) {
		for i, tier := range p.Tiers {
			if tier.ID == f.PaidTier {
				paid = i
			}
		}
	}
	check := func(checks []TierCheck, qualified string, spend, orders int64) int {
		require.Len(t, checks, len(p.Tiers))
		q := tierOracleQualify(p.Tiers, spend, orders, paid)
		require.Equal(t, p.Tiers[q].ID, qualified)
		for i, tc := range checks {
			req := p.Tiers[i].Requirement
			require.Equal(t, p.Tiers[i].ID, tc.Tier)
			require.Equal(t, tierOracleMeets(req, i, spend, orders, paid), tc.Met, "%s", tc.Tier)
			require.Equal(t, i <= q, tc.Met, "met tiers are the ones up to the qualifying one")
			for _, c := range tc.Conditions {
				var have, need int64
				switch c.Metric {
				case Spend:
					have, need = spend, req.MinSpend.Units()
				case OrderCount:
					have, need = orders, int64(req.MinOrders)
				case PaidMembership:
					need = 1
					if paid >= i {
						have = 1
					}
				}
				require.Equal(t, have, c.Have)
				require.Equal(t, need, c.Need)
				require.Equal(t, max(0, need-have), c.Short)
				require.Equal(t, have >= need, c.Met)
			}
		}
		return q
	}
	q := check(x.Now, x.Qualified, f.Current.Spend.Units(), int64(f.Current.Orders))
	qBase := tierOracleQualify(p.Tiers, f.Current.Spend.Units(), int64(f.Current.Orders), -1)
	qPrevBase := -1
	if p.Downgrade.Timing == AtPeriodEnd {
		q = max(q, check(x.Previous, x.PreviousQualified, f.Previous.Spend.Units(), int64(f.Previous.Orders)))
		qPrevBase = tierOracleQualify(p.Tiers, f.Previous.Spend.Units(), int64(f.Previous.Orders), -1)
	} else {
		require.Nil(t, x.Previous)
	}
	s := x.Standing
	rank := slices.IndexFunc(p.Tiers, func(tier Tier) bool { return tier.ID == s.Tier() })
	require.GreaterOrEqual(t, rank, q, "never below the qualifying tier: upgrades are at once")
	switch s.Basis() {
	case Qualifies:
		require.Equal(t, qBase, rank)
		require.True(t, s.Until().IsZero())
	case EarnedLastPeriod:
		require.Greater(t, rank, qBase)
		require.LessOrEqual(t, rank, qPrevBase)
		require.True(t, s.Until().Equal(f.PeriodEnd))
	case PaidAccess:
		require.Greater(t, rank, max(qBase, qPrevBase))
		require.LessOrEqual(t, rank, q)
		require.True(t, s.Until().Equal(f.PaidThrough.Add(p.PaidGrace)))
	case OnHold:
		require.Greater(t, rank, q)
		require.True(t, s.Until().Equal(s.HeldUntil()))
	case InGrace:
		require.Greater(t, rank, q)
		require.True(t, s.Until().Equal(s.Lapsed().Add(p.Downgrade.Grace)))
	default:
		t.Fatalf("basis %v", s.Basis())
	}
	if s.Basis() != Qualifies {
		require.True(t, at.Before(s.Until()), "%v ends after the instant", s.Basis())
	}
	if s.Basis() == InGrace || s.Basis() == OnHold {
		// Grace and holds never keep a tier that refunds took away.
		req := p.Tiers[rank].Requirement
		gross := func(g Figures) bool {
			return tierOracleMeets(req, rank, g.Spend.Units()+g.Refunded.Units(), int64(g.Orders+g.RefundedOrders), paid)
		}
		require.False(t, gross(f.Current), "%v kept a tier lost to refunds", s)
		require.False(t, p.Downgrade.Timing == AtPeriodEnd && gross(f.Previous), "%v kept a tier lost to refunds", s)
	}
}
