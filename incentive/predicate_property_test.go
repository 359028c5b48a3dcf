package incentive

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// genPredicate returns a random valid predicate of depth at most depth.
func genPredicate(r *rand.Rand, depth int) Predicate {
	kinds := []PredicateKind{AtLeast, Over, NoBroadcastWithin, OpenedWithin, InCategory, RefundGate}
	if depth > 0 {
		kinds = append(kinds, AnyOf, AllOf)
	}
	switch k := kinds[r.IntN(len(kinds))]; k {
	case AtLeast, Over:
		p := Predicate{Kind: k, OrUnknown: r.IntN(4) == 0}
		switch r.IntN(4) {
		case 0:
			p.Fact, p.Amount = FactExternalMonthlyGMV, commerce.MustNewMoney(r.Int64N(2000), commerce.CNY)
		case 1:
			p.Fact, p.Value = FactStoreScore, commerce.BasisPoints(r.Int64N(50000))
		case 2:
			p.Fact, p.Value = FactBroadcastStreakDays, intRate(r.Int64N(40))
		default:
			p.Fact, p.Value = FactListedProducts, intRate(r.Int64N(10))
		}
		return p
	case NoBroadcastWithin, OpenedWithin:
		return Predicate{Kind: k, Days: 1 + r.IntN(40)}
	case InCategory:
		return Predicate{Kind: k, Categories: []string{"a", "b", "c"}[:1+r.IntN(3)]}
	case RefundGate:
		return Predicate{Kind: k, Rate: commerce.Percent(1 + r.Int64N(100)), MinOrders: 1 + r.Int64N(20)}
	default:
		p := Predicate{Kind: k}
		for range 1 + r.IntN(3) {
			p.Of = append(p.Of, genPredicate(r, depth-1))
		}
		return p
	}
}

// genFacts returns random facts around base, each field known with
// probability 3/4.
func genFacts(r *rand.Rand, base time.Time) Facts {
	f := Facts{Merchant: "m"}
	for bit := Fact(1); bit <= lastFact; bit <<= 1 {
		if r.IntN(4) > 0 {
			f.Known |= bit
		}
	}
	f.OpenedAt = base.Add(-time.Duration(r.Int64N(60*24)) * time.Hour)
	if r.IntN(5) > 0 {
		f.LastBroadcastAt = base.Add(-time.Duration(r.Int64N(60*24*3600)) * time.Second)
	}
	f.ExternalMonthlyGMV = commerce.MustNewMoney(r.Int64N(2000), commerce.CNY)
	f.StoreScore = commerce.BasisPoints(r.Int64N(50000))
	f.Category = []string{"a", "b", "c", "d"}[r.IntN(4)]
	f.Orders = r.Int64N(30)
	f.RefundedOrders = r.Int64N(f.Orders + 1)
	f.BroadcastStreakDays = r.Int64N(40)
	f.ListedProducts = r.Int64N(10)
	return f
}

// TestPredicateProperties checks, over random predicates and facts: the
// fast eval and explain agree; AnyOf and AllOf do not depend on the order
// of their children; knowing more facts never turns a decided predicate
// around (three-valued monotonicity), except through OrUnknown; and with
// every fact known nothing is undecided.
func TestPredicateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 7))
	loc, _ := Zone("Asia/Shanghai")
	base := time.Date(2024, 5, 10, 12, 0, 0, 0, loc)
	n := longCases(5000, 200000)
	for range n {
		p := genPredicate(r, 3)
		require.Nil(t, p.validate("p", commerce.CNY, 1))
		f := genFacts(r, base)
		at := base.Add(time.Duration(r.Int64N(48)) * time.Hour)
		v := p.eval(&f, at, loc)
		_, w := p.explain(nil, "p", &f, at, loc)
		require.Equal(t, v, w)

		if len(p.Of) > 1 {
			q := p.clone()
			r.Shuffle(len(q.Of), func(i, j int) { q.Of[i], q.Of[j] = q.Of[j], q.Of[i] })
			require.Equal(t, v, q.eval(&f, at, loc))
		}

		more := f
		more.Known = lastFact<<1 - 1
		if v != undecided && !orUnknown(p) {
			require.Equal(t, v, p.eval(&more, at, loc), "knowing more changed a decided predicate")
		}
		require.NotEqual(t, undecided, p.eval(&more, at, loc), "a predicate with every fact known is decided")
	}
}

// orUnknown reports whether p or a child passes on an unknown fact, which
// learning the fact may turn around.
func orUnknown(p Predicate) bool {
	return p.OrUnknown || slices.ContainsFunc(p.Of, orUnknown)
}

func TestEvalAllocs(t *testing.T) {
	loc, _ := Zone("Asia/Shanghai")
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, loc)
	ps := []Predicate{
		{Kind: AnyOf, Of: []Predicate{{Kind: NoBroadcastWithin, Days: 30}, {Kind: Over, Fact: FactExternalMonthlyGMV, Amount: commerce.MustParseMoney("CNY 1000000.00")}}},
		{Kind: AtLeast, Fact: FactStoreScore, Value: commerce.MustParseRate("4.2")},
		{Kind: RefundGate, Rate: commerce.Percent(30), MinOrders: 10},
		{Kind: OpenedWithin, Days: 30},
		{Kind: InCategory, Categories: []string{"beauty", "pets"}},
		{Kind: AtLeast, Fact: FactListedProducts, Value: intRate(5)},
	}
	f := Facts{Merchant: "m", Known: lastFact<<1 - 1, LastBroadcastAt: at.Add(-24 * time.Hour), ExternalMonthlyGMV: commerce.MustParseMoney("CNY 2000000.00"),
		StoreScore: commerce.MustParseRate("4.5"), Orders: 20, RefundedOrders: 2, OpenedAt: at.Add(-72 * time.Hour), Category: "pets", ListedProducts: 6}
	var got tri
	allocs := testing.AllocsPerRun(1000, func() { got = evalAll(ps, &f, at, loc) })
	require.Equal(t, pass, got)
	require.Zero(t, allocs)
}

// TestStackerResolveOrder checks resolve directly: duplicates and input
// order do not matter, and out keeps what it held.
func TestStackerResolveOrder(t *testing.T) {
	rules := []Rule{{ID: "a", Priority: 1}, {ID: "b", Priority: 2}, {ID: "c", Priority: 2, Excludes: []string{"b"}}}
	s := newStacker(nil, rules)
	out := s.resolve([]int{99}, []int{2, 0, 1, 2}, nil)
	require.Equal(t, []int{99, 1, 0}, out)
	require.True(t, slices.Equal(s.resolve(nil, []int{0, 1, 2}, nil), s.resolve(nil, []int{2, 1, 0}, nil)))
}

// TestStackerResolveAllocs guards the stacking hot path: with room in out
// it allocates nothing.
func TestStackerResolveAllocs(t *testing.T) {
	rules := []Rule{{ID: "a", Priority: 3}, {ID: "b", Priority: 2}, {ID: "c", Priority: 1, Excludes: []string{"a"}}, {ID: "d"}}
	groups := []Group{{ID: "g", Mode: Joint, Rules: []string{"b", "d"}, MaxApplicable: 1}}
	s := newStacker(groups, rules)
	out := make([]int, 0, 8)
	used := make([]int, 1)
	applicable := []int{3, 2, 1, 0}
	allocs := testing.AllocsPerRun(1000, func() { out = s.resolve(out[:0], applicable, used) })
	require.Equal(t, []int{0, 1}, out)
	require.Zero(t, allocs)
}
