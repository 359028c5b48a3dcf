package incentive_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// TestEvaluateAllMatchesEvaluate holds the cohort path to Evaluate, one
// merchant at a time: a varied treasure-host population (enough
// merchant-months to fill several shared slabs) and NewStar merchants
// with per-product grants give, in the order of the profiles, the same
// JSON, grants and why-nots.
func TestEvaluateAllMatchesEvaluate(t *testing.T) {
	th := treasureHost(t)
	ms := treasurePopulation(incentive.LongCases(600, 20000)) // ≈ 93 words a result: 600 fill 27 slabs of 2,048
	ms = append(ms, treasureMerchant())
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	all, err := th.EvaluateAll(ms, from, to)
	require.NoError(t, err)
	require.Len(t, all, len(ms))
	for i := range ms {
		one, err := th.Evaluate(ms[i], from, to)
		require.NoError(t, err)
		require.Equal(t, evJSON(t, one), evJSON(t, all[i]), "profiles[%d]", i)
		require.Equal(t, one.Grants(), all[i].Grants(), "profiles[%d]", i)
		require.Equal(t, one.WhyNot(), all[i].WhyNot(), "profiles[%d]", i)
	}

	month := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	ns := newstar(t, month)
	r := rand.New(rand.NewPCG(67, 71)) // any fixed seed
	var nms []incentive.Profile
	for range 20 {
		nms = append(nms, newstarProfile(r, month, 1+r.IntN(40), 1+r.IntN(5)))
	}
	nall, err := ns.EvaluateAll(nms, month, month.AddDate(0, 1, 0))
	require.NoError(t, err)
	for i := range nms {
		one, err := ns.Evaluate(nms[i], month, month.AddDate(0, 1, 0))
		require.NoError(t, err)
		require.Equal(t, evJSON(t, one), evJSON(t, nall[i]), "profiles[%d]", i)
	}

	none, err := th.EvaluateAll(nil, from, to)
	require.NoError(t, err)
	assert.Empty(t, none)
}

// TestEvaluateAllErrors: a bad profile fails the cohort, naming it, with
// the error Evaluate gives (errors.Is and errors.As see through), and no
// results.
func TestEvaluateAllErrors(t *testing.T) {
	th := treasureHost(t)
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	ms := treasurePopulation(3)
	ms[1].Events = append(ms[1].Events, incentive.Event{Kind: incentive.OrderPaid, ID: "o-usd", At: evAt(2024, 3, 5, 0), Amount: commerce.MustNewMoney(100, commerce.USD)})
	out, err := th.EvaluateAll(ms, from, to)
	require.Error(t, err)
	assert.Nil(t, out)
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	var fe *commerce.FieldError
	assert.True(t, errors.As(err, &fe))
	assert.Contains(t, err.Error(), "profiles[1] (m-00001)")

	_, err = th.EvaluateAll(treasurePopulation(2), to, from)
	var pe *commerce.FieldError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "profiles[0]")
}
