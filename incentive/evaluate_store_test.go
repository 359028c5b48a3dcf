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

// storeProgramme has a store-level rule (¥10 cash per store and day with
// an order, at most 2 per store and month, ¥30 per merchant for life),
// and a merchant rule with 10-day windows opened by orders.
func storeProgramme(t testing.TB) *incentive.Evaluator {
	t.Helper()
	p := incentive.Programme{
		ID: "test-stores", Version: "1", Title: "stores", Platform: "test",
		Source:    incentive.Source{Kind: incentive.InternalDoc, Ref: "evaluate_store_test.go"},
		Effective: incentive.Window{Kind: incentive.Fixed, From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Recorded:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Zone:      "UTC", Currency: commerce.CNY, Rounding: commerce.HalfUp,
		Rules: []incentive.Rule{
			{ID: "store-days", Beneficiary: incentive.Store, Per: incentive.PerBeneficiary,
				Anchor: incentive.AtEvent, Window: incentive.Window{Kind: incentive.NaturalDays, Days: 1},
				Award: incentive.Award{Kind: incentive.Cash, Amount: evCNY("10.00")},
				Caps: []incentive.Cap{
					{Entity: incentive.Store, Period: incentive.PerMonth, Count: 2},
					{Entity: incentive.Merchant, Period: incentive.Lifetime, Amount: evCNY("30.00")},
				}},
			{ID: "ten-days", Beneficiary: incentive.Merchant, Per: incentive.PerBeneficiary,
				Anchor: incentive.AtEvent, Window: incentive.Window{Kind: incentive.NaturalDays, Days: 10},
				Metric: incentive.GMV, Tiers: []incentive.Tier{{From: evCNY("0.01"), Award: incentive.Award{Kind: incentive.Perk, Note: "ten active days"}}}},
		},
	}
	ev, err := incentive.Compile(p)
	require.NoError(t, err)
	return ev
}

func storeAt(d int) time.Time { return time.Date(2024, 5, d, 12, 0, 0, 0, time.UTC) }

func order(id string, d int, store string) incentive.Event {
	return incentive.Event{Kind: incentive.OrderPaid, ID: id, At: storeAt(d), Amount: evCNY("1.00"), Store: store}
}

// TestEvaluateStoreRules: a store-level rule earns per store, its store
// cap counts per store and its merchant cap across the stores.
func TestEvaluateStoreRules(t *testing.T) {
	ev := storeProgramme(t)
	m := incentive.Profile{
		Facts: incentive.Facts{Merchant: "m-1", Stores: []string{"s-b", "s-a"}},
		Events: []incentive.Event{
			order("o-1", 1, "s-a"), order("o-2", 2, "s-a"), order("o-3", 3, "s-a"), // the third day is over s-a's 2 a month
			order("o-4", 1, "s-b"), order("o-5", 2, "s-b"), // s-b's second day is over the merchant's ¥30
		},
	}
	res, err := ev.Evaluate(m, storeAt(1).Add(-12*time.Hour), storeAt(31))
	require.NoError(t, err)
	var got []string
	for _, g := range res.Grants() {
		if g.Rule == "store-days" {
			got = append(got, fmt.Sprintf("%s %s %v used %d left %d %s", g.Store, g.EarnedAt.Format(time.DateOnly), g.Amount, g.CapUsed, g.CapLeft, g.CapUnit))
		}
	}
	assert.Equal(t, []string{
		"s-a 2024-05-01 CNY 10.00 used 1 left 1 awards", // 1 of 2 left is tighter than ¥20 of ¥30
		"s-a 2024-05-02 CNY 10.00 used 2 left 0 awards",
		"s-b 2024-05-01 CNY 10.00 used 3000 left 0 CNY",
	}, got)
	assert.Contains(t, evJSON(t, res), `"store": "s-a"`)

	// An event of a store the merchant does not have is refused.
	m.Events = append(m.Events, order("o-6", 4, "s-c"))
	_, err = ev.Evaluate(m, storeAt(1), storeAt(31))
	require.ErrorIs(t, err, commerce.ErrInvalid)
	assert.ErrorContains(t, err, "events[5]: store")
	m.Events[5].Store = " s"
	_, err = ev.Evaluate(m, storeAt(1), storeAt(31))
	require.ErrorIs(t, err, commerce.ErrInvalid)
}

// TestEvaluateEventWindowsOrderIndependent: windows opened by events and
// longer than the events' spacing are opened in time order, whatever the
// order of the events: orders on days 1, 8 and 12 open [1, 11) and
// [12, 22).
func TestEvaluateEventWindowsOrderIndependent(t *testing.T) {
	ev := storeProgramme(t)
	es := []incentive.Event{order("o-1", 1, ""), order("o-2", 8, ""), order("o-3", 12, "")}
	var want string
	for _, perm := range [][]int{{0, 1, 2}, {1, 0, 2}, {2, 1, 0}, {1, 2, 0}} {
		m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-1"}}
		for _, k := range perm {
			m.Events = append(m.Events, es[k])
		}
		res, err := ev.Evaluate(m, storeAt(1).Add(-12*time.Hour), storeAt(31))
		require.NoError(t, err)
		var windows []string
		for _, g := range res.Grants() {
			if g.Rule == "ten-days" {
				windows = append(windows, g.From.Format(time.DateOnly)+"/"+g.To.Format(time.DateOnly)+fmt.Sprintf(" %d", g.Measured))
			}
		}
		assert.Equal(t, []string{"2024-05-01/2024-05-11 200", "2024-05-12/2024-05-22 100"}, windows, "order %v", perm)
		if want == "" {
			want = evJSON(t, res)
		}
		assert.Equal(t, want, evJSON(t, res), "order %v", perm)
	}
}

// TestEvaluateManyEvents takes the evaluation's paths for many events
// (hashed de-duplication, sorting by time past its buffers, events years
// apart) and checks them against the same events in another order and
// with repeats.
func TestEvaluateManyEvents(t *testing.T) {
	ev := storeProgramme(t)
	r := rand.New(rand.NewPCG(41, 43)) // any fixed seed
	for _, n := range []int{17, 130, 300} {
		for _, spread := range []time.Duration{30 * 24 * time.Hour, 40 * 365 * 24 * time.Hour} {
			m := incentive.Profile{Facts: incentive.Facts{Merchant: "m-1"}}
			base := storeAt(1).Add(-spread / 2)
			for i := range n {
				at := base.Add(time.Duration(r.Int64N(int64(spread))))
				m.Events = append(m.Events, incentive.Event{Kind: incentive.OrderPaid, ID: fmt.Sprintf("o-%d", i), At: at, Amount: evCNY("1.00")})
			}
			want, err := ev.Evaluate(m, storeAt(1), storeAt(31))
			require.NoError(t, err)
			shuffled := m
			shuffled.Events = append([]incentive.Event(nil), m.Events...)
			r.Shuffle(len(shuffled.Events), func(i, j int) { shuffled.Events[i], shuffled.Events[j] = shuffled.Events[j], shuffled.Events[i] })
			shuffled.Events = append(shuffled.Events, shuffled.Events[:n/3]...) // repeats count once
			got, err := ev.Evaluate(shuffled, storeAt(1), storeAt(31))
			require.NoError(t, err)
			assert.Equal(t, evJSON(t, want), evJSON(t, got), "n %d spread %v", n, spread)

			conflict := shuffled
			conflict.Events = append(append([]incentive.Event(nil), shuffled.Events...), shuffled.Events[n-1])
			conflict.Events[len(conflict.Events)-1].Amount = evCNY("2.00")
			_, err = ev.Evaluate(conflict, storeAt(1), storeAt(31))
			require.ErrorIs(t, err, incentive.ErrConflict, "n %d", n)
		}
	}
}
