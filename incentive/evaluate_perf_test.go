package incentive

import (
	"math/rand/v2"
	"testing"
	"time"

	_ "time/tzdata" // America/New_York for TestInputBoundsMatches, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// TestFactsValidMatchesValidate holds the evaluation's allocation-free
// facts check to Facts.validate: random facts, some of them broken in
// one field, pass the one exactly when they pass the other.
func TestFactsValidMatchesValidate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11)) // any fixed seed
	ids := []string{"m-1", "s-2", "", "bad id", "x"}
	n := longCases(5000, 200000)
	var valid, invalid int
	for range n {
		f := Facts{
			Merchant:            ids[r.IntN(len(ids))],
			Known:               Fact(r.Uint64N(uint64(lastFact) << 2)),
			Orders:              r.Int64N(5) - 1,
			RefundedOrders:      r.Int64N(7) - 1,
			BroadcastStreakDays: r.Int64N(3) - 1,
			ListedProducts:      r.Int64N(3) - 1,
			ExternalMonthlyGMV:  []commerce.Money{{}, commerce.MustNewMoney(1, commerce.CNY), commerce.MustNewMoney(1, commerce.USD)}[r.IntN(3)],
		}
		for range r.IntN(3) {
			f.Stores = append(f.Stores, ids[r.IntN(len(ids))])
		}
		err := f.validate(commerce.CNY)
		require.Equal(t, err == nil, factsValid(&f, commerce.CNY), "%+v: %v", f, err)
		if err == nil {
			valid++
		} else {
			invalid++
		}
	}
	assert.Positive(t, valid)
	assert.Positive(t, invalid)
}

// TestWindowBoundsMatches holds the evaluation's windowBounds to
// Window.Bounds for every kind, in zones east and west of UTC.
func TestWindowBoundsMatches(t *testing.T) {
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	minus5 := time.FixedZone("UTC-5", -5*3600) // days that start on the previous UTC day
	fixedFrom := time.Date(2024, 3, 1, 0, 0, 0, 0, shanghai)
	windows := []Window{
		{Kind: NaturalDays, Days: 1}, {Kind: NaturalDays, Days: 30}, {Kind: NaturalDays, Days: maxWindowDays},
		{Kind: CalendarMonth},
		{Kind: Fixed, From: fixedFrom, To: fixedFrom.AddDate(0, 1, 0)}, {Kind: Fixed, From: fixedFrom},
		{Kind: Activation, Lag: 0}, {Kind: Activation, Lag: 1}, {Kind: Activation, Lag: 366},
		{Kind: BusinessDays, Days: 7, Calendar: Calendar{ID: "weekdays"}},
	}
	r := rand.New(rand.NewPCG(3, 5)) // any fixed seed
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, w := range windows {
		require.Nil(t, w.validate("window"), "%+v", w)
		for _, loc := range []*time.Location{shanghai, minus5, time.UTC} {
			for range longCases(300, 30000) {
				at := base.Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
				wf, wt, werr := w.Bounds(at, loc)
				gf, gt, gerr := windowBounds(&w, at, loc)
				require.NoError(t, werr)
				require.NoError(t, gerr)
				assert.True(t, wf.Equal(gf) && wt.Equal(gt), "%v %v at %v: want [%v, %v) got [%v, %v)", w.Kind, loc, at, wf, wt, gf, gt)
			}
		}
	}
}

// TestInputBoundsMatches holds the evaluation's offset arithmetic for
// natural-day windows to windowBounds, for periods starting on either
// side of daylight-saving changes and anchors across them, in zones with
// and without daylight saving.
func TestInputBoundsMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	kolkata := time.FixedZone("IST", 5*3600+1800)
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var fast int
	for _, loc := range []*time.Location{newYork, shanghai, kolkata, time.UTC} {
		for range longCases(400, 40000) {
			periodFrom := base.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
			in := input{loc: loc}
			in.setZone(periodFrom)
			at := periodFrom.Add(time.Duration(r.Int64N(int64(60*24*time.Hour))) - 10*24*time.Hour)
			w := Window{Kind: NaturalDays, Days: 1 + r.IntN(40)}
			wf, wt, err := windowBounds(&w, at, loc)
			require.NoError(t, err)
			gf, gt := in.bounds(&w, at)
			require.True(t, wf.Equal(gf) && wt.Equal(gt), "%v: %d days at %v (period from %v): want [%v, %v) got [%v, %v)", loc, w.Days, at, periodFrom, wf, wt, gf, gt)
			if s := at.Unix(); s >= in.zoneLo && s < in.zoneHi {
				fast++
			}
		}
	}
	assert.Positive(t, fast, "the offset path was taken")
}
