package incentive_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// newstarProfile is a TikTok US seller with n products, each sold
// orders times at $100, in the month starting at month.
func newstarProfile(r *rand.Rand, month time.Time, products, orders int) incentive.Profile {
	m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-newstar", Known: incentive.FactListedProducts | incentive.FactStoreScore,
		ListedProducts: int64(products), StoreScore: commerce.MustParseRate("4.5")}}
	for p := range products {
		for o := range orders {
			at := month.Add(time.Duration(r.IntN(28*24)) * time.Hour)
			m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%d-%d", p, o), At: at,
				Amount: commerce.MustNewMoney(int64(5000+r.IntN(20000)), commerce.USD), Product: fmt.Sprintf("p-%03d", p)})
		}
	}
	return m
}

func newstar(t testing.TB, at time.Time) *incentive.Evaluator {
	t.Helper()
	ev, err := incentive.Builtin().Evaluator("tiktok-us-newstar", at, at)
	require.NoError(t, err)
	return ev
}

func evJSON(t testing.TB, r incentive.Result) string {
	t.Helper()
	b, err := r.MarshalJSON()
	require.NoError(t, err)
	return string(b)
}

// TestEvaluatePermutationsAndIdempotence: the same events in any order,
// repeated or not, give byte-identical JSON, and re-running gives the
// same bytes.
func TestEvaluatePermutationsAndIdempotence(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	oct, nov := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	ev := newstar(t, oct)
	for n := range incentive.LongCases(200, 20000) {
		m := newstarProfile(r, oct, 1+r.IntN(40), 1+r.IntN(4))
		want, err := ev.Evaluate(m, oct, nov)
		require.NoError(t, err)
		again, err := ev.Evaluate(m, oct, nov)
		require.NoError(t, err)
		require.Equal(t, evJSON(t, want), evJSON(t, again), "case %d: re-run", n)
		shuffled := m
		shuffled.Events = append([]incentive.Event(nil), m.Events...)
		shuffled.Events = append(shuffled.Events, shuffled.Events[:r.IntN(len(m.Events))]...) // replayed events count once
		r.Shuffle(len(shuffled.Events), func(i, j int) { shuffled.Events[i], shuffled.Events[j] = shuffled.Events[j], shuffled.Events[i] })
		got, err := ev.Evaluate(shuffled, oct, nov)
		require.NoError(t, err)
		require.Equal(t, evJSON(t, want), evJSON(t, got), "case %d: permuted", n)
	}
}

// TestEvaluateCapsNeverExceeded: each of NewStar's two ads credits never
// passes $3,000 a month per merchant, however many products qualify
// (anchors, TikTok NewStar: "Each capped at $3,000/month").
func TestEvaluateCapsNeverExceeded(t *testing.T) {
	r := rand.New(rand.NewPCG(3000, 1))
	oct, nov := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	ev := newstar(t, oct)
	capped := 0
	for n := range incentive.LongCases(100, 10000) {
		m := newstarProfile(r, oct, 1+r.IntN(200), 1+r.IntN(4))
		res, err := ev.Evaluate(m, oct, nov)
		require.NoError(t, err)
		total := map[string]commerce.Money{}
		for _, g := range res.Grants() {
			if _, ok := total[g.Rule]; !ok {
				total[g.Rule] = commerce.Zero(commerce.USD)
			}
			total[g.Rule], err = total[g.Rule].Add(g.Amount)
			require.NoError(t, err)
		}
		for rule, sum := range total {
			c, err := sum.Cmp(commerce.MustParseMoney("USD 3000.00"))
			require.NoError(t, err)
			require.LessOrEqual(t, c, 0, "case %d: %s: %v", n, rule, sum)
			if c == 0 {
				capped++
			}
		}
	}
	assert.Positive(t, capped, "some cases must reach the cap")
}

// TestEvaluateMilestonesOncePerLife: feeding each month's grants into the
// next, no rung of the treasure host ladder is paid twice.
func TestEvaluateMilestonesOncePerLife(t *testing.T) {
	r := rand.New(rand.NewPCG(10_000, 500_000))
	ev := treasureHost(t)
	for n := range incentive.LongCases(50, 2000) {
		m := treasureMerchant()
		m.Events = nil
		paid := map[string]int{}
		for month := time.March; month <= time.December; month++ {
			from, to := evAt(2024, month, 1, 0), evAt(2024, month+1, 1, 0)
			m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%d", month), At: from.Add(time.Hour),
				Amount: commerce.MustNewMoney(int64(r.IntN(60_000_000)), commerce.CNY), Product: "p"})
			res, err := ev.Evaluate(m, from, to)
			require.NoError(t, err)
			for _, g := range res.Grants() {
				if g.Rule == "monthly-sales-milestones" {
					paid[g.Rung.String()]++
					require.Equal(t, 1, paid[g.Rung.String()], "case %d: %v paid twice", n, g.Rung)
				}
			}
			m.Prior = append(m.Prior, res.Grants()...)
		}
	}
}

// TestEvaluateCapSharedAcrossMonths: a window cap counts the grants of
// earlier runs (m.Prior): with March's grants as prior, March re-run
// with them pays no more cold-start or growth traffic.
func TestEvaluateCapSharedAcrossMonths(t *testing.T) {
	ev := treasureHost(t)
	m := treasureMerchant()
	m.Facts.FirstBroadcastAt = evAt(2024, 3, 25, 10)
	march, err := ev.Evaluate(m, evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	m.Prior = march.Grants()
	// Re-evaluating March with March's grants as prior finds the cap spent.
	again, err := ev.Evaluate(m, evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0))
	require.NoError(t, err)
	for _, g := range again.Grants() {
		assert.NotEqual(t, "cold-start-traffic", g.Rule)
		assert.NotEqual(t, "growth-traffic", g.Rule)
	}
}
