package groupchat

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/require"
)

// tierBenchMembers is the issue's benchmark size: "Assign tiers to
// 1,000,000 members: ≤ 200 ms, no allocation per member."
const tierBenchMembers = 1_000_000

// tierBenchPolicy is a five-rung ladder on a rolling 365-day window with
// one-step downgrades after a 30-day grace and a paid tier: every branch
// of Assign is reachable from its facts.
func tierBenchPolicy(tb testing.TB) *Tiers {
	tb.Helper()
	y := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	ts, err := NewTiers(TierPolicy{
		Currency: commerce.CNY,
		Tiers: []Tier{
			{ID: "free"},
			{ID: "bronze", Requirement: Requirement{MinSpend: y("200"), MinOrders: 2, Any: true, Paid: true}},
			{ID: "silver", Requirement: Requirement{MinSpend: y("1000"), MinOrders: 5, Any: true, Paid: true}},
			{ID: "gold", Requirement: Requirement{MinSpend: y("5000"), MinOrders: 10, Paid: true, Any: true}},
			{ID: "black", Requirement: Requirement{MinSpend: y("20000"), MinOrders: 20}},
		},
		Window:    TierWindow{Kind: Rolling, Days: 365},
		Downgrade: Downgrade{Mode: OneStep, Timing: Immediately, Grace: 30 * 24 * time.Hour},
		PaidGrace: 14 * 24 * time.Hour,
		Location:  time.FixedZone("CST", 8*3600),
	})
	require.NoError(tb, err)
	return ts
}

// tierBenchInputs draws n members' previous standings and facts: a third
// never assigned, the rest holding a random tier since a random day, some
// in grace, a tenth with a paid membership.
func tierBenchInputs(tb testing.TB, ts *Tiers, n int, at time.Time) ([]Standing, []Facts) {
	tb.Helper()
	r := rand.New(rand.NewPCG(2026, 6))
	ids := ts.IDs()
	prev := make([]Standing, n)
	facts := make([]Facts, n)
	for i := range n {
		f := Facts{Current: Figures{Spend: commerce.MustNewMoney(r.Int64N(3_000_000), commerce.CNY), Orders: r.IntN(30)}}
		if r.IntN(10) == 0 {
			f.Current.Refunded, f.Current.RefundedOrders = commerce.MustNewMoney(r.Int64N(500_000), commerce.CNY), r.IntN(3)
		}
		if r.IntN(10) == 0 {
			f.PaidTier = ids[1+r.IntN(3)]
			f.PaidThrough = at.Add(time.Duration(r.IntN(60)-30) * 24 * time.Hour)
		}
		facts[i] = f
		if r.IntN(3) == 0 {
			continue
		}
		since := at.Add(-time.Duration(1+r.IntN(400)) * 24 * time.Hour)
		rec := StandingRecord{Tier: ids[r.IntN(len(ids))], Since: since, At: since, Basis: Qualifies}
		if r.IntN(4) == 0 {
			rec.Lapsed, rec.Basis, rec.Until = since, InGrace, since.Add(30*24*time.Hour)
		}
		s, err := ts.Restore(rec)
		require.NoError(tb, err)
		prev[i] = s
	}
	return prev, facts
}

// BenchmarkAssignTiers assigns tiers to 1,000,000 members: one op is the
// whole million, facts drawn beforehand. Target: ≤ 200 ms and no
// allocation per member.
func BenchmarkAssignTiers(b *testing.B) {
	ts := tierBenchPolicy(b)
	at := time.Date(2026, 6, 18, 20, 0, 0, 0, ts.Location())
	prev, facts := tierBenchInputs(b, ts, tierBenchMembers, at)
	out := make([]Standing, tierBenchMembers)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range prev {
			s, err := ts.Assign(prev[i], facts[i], at)
			if err != nil {
				b.Fatal(err)
			}
			out[i] = s
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/tierBenchMembers, "ns/member")
	_ = fmt.Sprint(out[0].Tier())
}

// BenchmarkAssignTierOne assigns one member, for a per-call figure less
// sensitive to memory than the million.
func BenchmarkAssignTierOne(b *testing.B) {
	ts := tierBenchPolicy(b)
	at := time.Date(2026, 6, 18, 20, 0, 0, 0, ts.Location())
	prev, facts := tierBenchInputs(b, ts, 1024, at)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := ts.Assign(prev[i&1023], facts[i&1023], at); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkTierBookSweep sweeps a book of 100,000 members with four
// purchases, a refund and a membership payment in every tenth: one op is
// the whole sweep, facts computed from the events and tiers assigned.
func BenchmarkTierBookSweep(b *testing.B) {
	const members = 100_000
	ts := tierBenchPolicy(b)
	book, err := NewTierBook(ts)
	require.NoError(b, err)
	r := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, ts.Location())
	for m := range members {
		id := fmt.Sprintf("m%06d", m)
		require.NoError(b, book.Record(MemberJoined{Member: id, At: start}))
		for o := range 4 {
			order := fmt.Sprintf("%s-o%d", id, o)
			at := start.Add(time.Duration(r.IntN(500*24)) * time.Hour)
			require.NoError(b, book.Record(Purchase{Member: id, Order: order, Paid: commerce.MustNewMoney(1000+r.Int64N(200_000), commerce.CNY), At: at}))
			if o == 0 {
				require.NoError(b, book.Record(PurchaseRefund{Key: order + "-r", Member: id, Order: order, Amount: commerce.MustNewMoney(500, commerce.CNY), At: at.Add(time.Hour)}))
			}
		}
		if m%10 == 0 {
			at := start.Add(time.Duration(r.IntN(500*24)) * time.Hour)
			require.NoError(b, book.Record(MembershipPaid{Key: id + "-pay", Member: id, Tier: "silver", At: at, Through: at.AddDate(0, 1, 0)}))
		}
	}
	at := start.AddDate(1, 6, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := book.Sweep(at); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/members, "ns/member")
}
