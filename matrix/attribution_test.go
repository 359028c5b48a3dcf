package matrix

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// t0 is a fixed instant: 2025-06-18 20:00 in Asia/Shanghai (UTC+8), the
// evening of a 618 live.
var attribT0 = time.Date(2025, 6, 18, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))

func cny(fen int64) commerce.Money { return commerce.MustNewMoney(fen, commerce.CNY) }

// path builds an order of fen paid at t0 whose touches are the given
// touchpoints one minute apart, the last one minute before the order.
func path(id string, fen int64, touchpoints ...string) OrderPath {
	p := OrderPath{Order: id, Amount: cny(fen), At: attribT0}
	for i, tp := range touchpoints {
		p.Touches = append(p.Touches, Touch{Touchpoint: tp, At: attribT0.Add(time.Duration(i-len(touchpoints)) * time.Minute)})
	}
	return p
}

func mustAttribution(t testing.TB, s AttributionSpec) Attribution {
	t.Helper()
	a, err := NewAttribution(s)
	require.NoError(t, err)
	return a
}

// fen returns the credits' amounts in minor units, and their touchpoints.
func fen(cs []Credit) ([]int64, []string) {
	var out []int64
	var tps []string
	for _, c := range cs {
		out = append(out, c.Amount.Units())
		tps = append(tps, c.Touchpoint)
	}
	return out, tps
}

func TestAttributionWorkedExamples(t *testing.T) {
	third := commerce.MustNewRatio(1, 3)
	tests := []struct {
		name    string
		spec    AttributionSpec
		order   OrderPath
		want    []int64
		wantTPs []string
	}{
		{"linear ¥100.00 over 3: the earliest touch gets the extra fen", AttributionSpec{Model: LinearCredit},
			path("o1", 10000, "note", "group", "live"), []int64{3334, 3333, 3333}, []string{"note", "group", "live"}},
		{"linear ¥0.02 over 3: the two earliest get a fen", AttributionSpec{Model: LinearCredit},
			path("o1", 2, "note", "group", "live"), []int64{1, 1, 0}, []string{"note", "group", "live"}},
		{"linear ¥0.00", AttributionSpec{Model: LinearCredit},
			path("o1", 0, "note", "group"), []int64{0, 0}, []string{"note", "group"}},
		{"first touch", AttributionSpec{Model: FirstTouchCredit},
			path("o1", 10000, "ad", "wecom", "official", "channels", "mini"), []int64{10000}, []string{"ad"}},
		{"last touch", AttributionSpec{Model: LastTouchCredit},
			path("o1", 10000, "ad", "wecom", "official", "channels", "mini"), []int64{10000}, []string{"mini"}},
		{"position-based 40/20/40 over 3", AttributionSpec{Model: PositionBasedCredit},
			path("o1", 10000, "note", "group", "live"), []int64{4000, 2000, 4000}, []string{"note", "group", "live"}},
		// The middle 20% is ¥6.666… each: floors 666, 666, 666 leave 2 fen
		// for the three equal remainders, which go to the earlier two.
		{"position-based 40/20/40 over 5", AttributionSpec{Model: PositionBasedCredit},
			path("o1", 10000, "ad", "wecom", "official", "channels", "mini"), []int64{4000, 667, 667, 666, 4000}, nil},
		{"position-based one touch gets all", AttributionSpec{Model: PositionBasedCredit},
			path("o1", 10001, "live"), []int64{10001}, []string{"live"}},
		{"position-based two touches split 50/50", AttributionSpec{Model: PositionBasedCredit},
			path("o1", 10001, "group", "live"), []int64{5001, 5000}, nil},
		// 30/50 ends: the middle 20% split evenly over two touches gives
		// 40/60.
		{"position-based 30/50 over 2", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(3, 10), Last: commerce.MustNewRatio(1, 2)}},
			path("o1", 10000, "group", "live"), []int64{4000, 6000}, nil},
		// 1/3 each end over 4 touches of ¥1.00: 33⅓, 16⅔, 16⅔, 33⅓; the
		// two fen left go to the largest remainders, the middles.
		{"position-based thirds over 4", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: third, Last: third}},
			path("o1", 100, "a", "b", "c", "d"), []int64{33, 17, 17, 33}, nil},
		// 2, ½, ½, 2 fen: the one fen left goes to the earlier middle.
		{"position-based ¥0.05 over 4", AttributionSpec{Model: PositionBasedCredit},
			path("o1", 5, "a", "b", "c", "d"), []int64{2, 1, 0, 2}, nil},
		{"position-based all to the ends", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(1, 2), Last: commerce.MustNewRatio(1, 2)}},
			path("o1", 999, "a", "b", "c"), []int64{500, 0, 499}, nil},
		{"position-based first share zero", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{Last: commerce.MustNewRatio(1, 1)}},
			path("o1", 999, "a", "b", "c"), []int64{0, 0, 999}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mustAttribution(t, tt.spec).Credits(tt.order)
			require.NoError(t, err)
			amounts, tps := fen(got)
			assert.Equal(t, tt.want, amounts)
			if tt.wantTPs != nil {
				assert.Equal(t, tt.wantTPs, tps)
			}
		})
	}
}

// Touches are credited in time order whatever their input order; touches
// at one instant go in touchpoint-ID order.
func TestAttributionPathOrder(t *testing.T) {
	at := func(m int) time.Time { return attribT0.Add(time.Duration(m) * time.Minute) }
	p := OrderPath{Order: "o1", Amount: cny(10000), At: at(0), Touches: []Touch{
		{"live", at(-1)}, {"note-b", at(-30)}, {"group", at(-10)}, {"note-a", at(-30)},
	}}
	got, err := mustAttribution(t, AttributionSpec{Model: LinearCredit}).Credits(p)
	require.NoError(t, err)
	amounts, tps := fen(got)
	assert.Equal(t, []string{"note-a", "note-b", "group", "live"}, tps)
	assert.Equal(t, []int64{2500, 2500, 2500, 2500}, amounts)
	for i, c := range got {
		assert.Equal(t, i, c.Position)
		assert.Equal(t, commerce.CNY, c.Amount.Currency())
	}
	assert.True(t, got[0].At.Equal(at(-30)))

	first, err := mustAttribution(t, AttributionSpec{Model: FirstTouchCredit}).Credits(p)
	require.NoError(t, err)
	assert.Equal(t, "note-a", first[0].Touchpoint)
	assert.Equal(t, 0, first[0].Position)
	last, err := mustAttribution(t, AttributionSpec{Model: LastTouchCredit}).Credits(p)
	require.NoError(t, err)
	assert.Equal(t, "live", last[0].Touchpoint)
	assert.Equal(t, 3, last[0].Position)
	assert.Equal(t, int64(10000), last[0].Amount.Units())
}

func TestAttributionLookback(t *testing.T) {
	at := func(h int) time.Time { return attribT0.Add(time.Duration(h) * time.Hour) }
	p := OrderPath{Order: "o1", Amount: cny(900), At: at(0), Touches: []Touch{
		{"old-note", at(-24*14 - 1)}, // outside 14 days
		{"note", at(-24 * 14)},       // exactly 14 days: inside
		{"group", at(-2)},
		{"live", at(0)},          // at the order: inside
		{"share-request", at(1)}, // after the order: never credited
	}}
	a := mustAttribution(t, AttributionSpec{Model: LinearCredit, Lookback: 14 * 24 * time.Hour})
	assert.Equal(t, 14*24*time.Hour, a.Lookback())
	got, err := a.Credits(p)
	require.NoError(t, err)
	amounts, tps := fen(got)
	assert.Equal(t, []string{"note", "group", "live"}, tps)
	assert.Equal(t, []int64{300, 300, 300}, amounts)

	// No lookback: everything up to the order counts.
	got, err = mustAttribution(t, AttributionSpec{Model: LinearCredit}).Credits(p)
	require.NoError(t, err)
	_, tps = fen(got)
	assert.Equal(t, []string{"old-note", "note", "group", "live"}, tps)

	// Nothing inside the window: unattributed, no credits, no error.
	late := OrderPath{Order: "o2", Amount: cny(500), At: at(0), Touches: []Touch{{"old-note", at(-24 * 30)}}}
	got, err = a.Credits(late)
	require.NoError(t, err)
	assert.Empty(t, got)
	tot, err := a.Totals([]OrderPath{p, late})
	require.NoError(t, err)
	assert.Equal(t, []commerce.Money{cny(500)}, tot.Unattributed())
	assert.Equal(t, int64(2), tot.Orders())
	assert.Equal(t, cny(300), tot.Credit("note", commerce.CNY))
	assert.Equal(t, commerce.Zero(commerce.CNY), tot.Credit("old-note", commerce.CNY))
}

func TestNewAttributionErrors(t *testing.T) {
	third := commerce.MustNewRatio(1, 3)
	tests := []struct {
		name  string
		spec  AttributionSpec
		field string
		also  error
	}{
		{"no model", AttributionSpec{}, "model", nil},
		{"unknown model", AttributionSpec{Model: numCreditModels}, "model", nil},
		{"negative lookback", AttributionSpec{Model: LinearCredit, Lookback: -time.Second}, "lookback", nil},
		{"ends on linear", AttributionSpec{Model: LinearCredit, Ends: EndShares{First: third}}, "ends", nil},
		{"negative first", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(-1, 5), Last: third}}, "ends.first", nil},
		{"negative last", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: third, Last: commerce.MustNewRatio(-1, 5)}}, "ends.last", nil},
		{"sum past 1", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(3, 5), Last: commerce.MustNewRatio(1, 2)}}, "ends", nil},
		{"one share past 1", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(6, 5)}}, "ends", nil},
		{"denominator too large", AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(1, 1<<20+1), Last: commerce.MustNewRatio(1, 1<<20-1)}}, "ends", commerce.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAttribution(tt.spec)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
			if tt.also != nil {
				assert.ErrorIs(t, err, tt.also)
			}
		})
	}
	// The largest common denominator allowed: 2^32 itself.
	_, err := NewAttribution(AttributionSpec{Model: PositionBasedCredit, Ends: EndShares{First: commerce.MustNewRatio(1, 1<<32), Last: commerce.MustNewRatio(1, 2)}})
	assert.NoError(t, err)
}

func TestAttributionDefaults(t *testing.T) {
	a := mustAttribution(t, AttributionSpec{Model: PositionBasedCredit})
	assert.Equal(t, EndShares{First: commerce.MustNewRatio(2, 5), Last: commerce.MustNewRatio(2, 5)}, a.Ends())
	assert.Equal(t, PositionBasedCredit, a.Model())
	assert.Equal(t, EndShares{}, mustAttribution(t, AttributionSpec{Model: LinearCredit}).Ends())
	assert.Equal(t, "position-based", PositionBasedCredit.String())
	assert.Equal(t, "first touch", FirstTouchCredit.String())
	assert.Equal(t, "CreditModel(9)", CreditModel(9).String())
}

func TestAttributionBadOrders(t *testing.T) {
	ok := path("o1", 100, "note", "live")
	tests := []struct {
		name  string
		edit  func(p *OrderPath)
		field string
		also  error
	}{
		{"no touches", func(p *OrderPath) { p.Touches = nil }, "orders[1].touches", ErrNoTouch},
		{"negative amount", func(p *OrderPath) { p.Amount = cny(-1) }, "orders[1].amount", nil},
		{"no currency", func(p *OrderPath) { p.Amount = commerce.Money{} }, "orders[1].amount", commerce.ErrUnknownCurrency},
		{"no order time", func(p *OrderPath) { p.At = time.Time{} }, "orders[1].at", nil},
		{"empty order ID", func(p *OrderPath) { p.Order = "" }, "orders[1].order", nil},
		{"bad touchpoint", func(p *OrderPath) { p.Touches[1].Touchpoint = " live" }, "orders[1].touches[1].touchpoint", nil},
		{"duplicate order", func(p *OrderPath) { p.Order = "o1" }, "orders[1].order", ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, m := range []CreditModel{FirstTouchCredit, LastTouchCredit, LinearCredit, PositionBasedCredit} {
				a := mustAttribution(t, AttributionSpec{Model: m})
				bad := path("o2", 100, "note", "live")
				tt.edit(&bad)
				tot, err := a.Totals([]OrderPath{ok, bad})
				var fe *commerce.FieldError
				require.ErrorAs(t, err, &fe, m)
				assert.Equal(t, tt.field, fe.Field)
				assert.ErrorIs(t, err, commerce.ErrInvalid)
				if tt.also != nil {
					assert.ErrorIs(t, err, tt.also)
				}
				assert.True(t, tot.Equal(CreditTotals{}), "nothing partial")
			}
		})
	}
	// Credits names the field without an index.
	bad := ok
	bad.Touches = nil
	_, err := mustAttribution(t, AttributionSpec{Model: LinearCredit}).Credits(bad)
	var fe *commerce.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "touches", fe.Field)
	assert.ErrorIs(t, err, ErrNoTouch)
	assert.Contains(t, err.Error(), `"o1"`)

	// The zero Attribution refuses to work.
	_, err = Attribution{}.Credits(ok)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = Attribution{}.Totals([]OrderPath{ok})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestAttributionTotalsOverflow(t *testing.T) {
	a := mustAttribution(t, AttributionSpec{Model: LastTouchCredit})
	_, err := a.Totals([]OrderPath{path("o1", math.MaxInt64, "live"), path("o2", 1, "live")})
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	assert.Contains(t, err.Error(), `"o2"`)

	// Unattributed amounts overflow the same way.
	lb := mustAttribution(t, AttributionSpec{Model: LastTouchCredit, Lookback: time.Second})
	_, err = lb.Totals([]OrderPath{path("o1", math.MaxInt64, "live"), path("o2", 1, "live")})
	assert.ErrorIs(t, err, commerce.ErrOverflow)

	t1, err := a.Totals([]OrderPath{path("o1", math.MaxInt64, "live")})
	require.NoError(t, err)
	t2, err := a.Totals([]OrderPath{path("o2", 1, "live")})
	require.NoError(t, err)
	_, err = t1.Merge(t2)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	u1, err := lb.Totals([]OrderPath{path("o1", math.MaxInt64, "live")})
	require.NoError(t, err)
	u2, err := lb.Totals([]OrderPath{path("o2", 1, "live")})
	require.NoError(t, err)
	_, err = u1.Merge(u2)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}

// Totals keep currencies apart; Sum refuses to add two of them.
func TestAttributionCurrencies(t *testing.T) {
	a := mustAttribution(t, AttributionSpec{Model: LinearCredit})
	usd := path("o-usd", 301, "ad", "live")
	usd.Amount = commerce.MustNewMoney(301, commerce.USD)
	tot, err := a.Totals([]OrderPath{path("o-cny", 1000, "note", "live"), usd})
	require.NoError(t, err)
	assert.Equal(t, []TouchpointCredit{
		{Touchpoint: "ad", Amount: commerce.MustNewMoney(151, commerce.USD), Touches: 1},
		{Touchpoint: "live", Amount: cny(500), Touches: 1},
		{Touchpoint: "live", Amount: commerce.MustNewMoney(150, commerce.USD), Touches: 1},
		{Touchpoint: "note", Amount: cny(500), Touches: 1},
	}, tot.Rows())
	s, err := tot.Sum("note")
	require.NoError(t, err)
	assert.Equal(t, cny(500), s)
	s, err = tot.Sum("nobody")
	require.NoError(t, err)
	assert.True(t, s.IsZero())
	_, err = tot.Sum("live")
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), `"live"`)
	assert.Equal(t, commerce.MustNewMoney(150, commerce.USD), tot.Credit("live", commerce.USD))
	assert.Equal(t, commerce.Zero(commerce.USD), tot.Credit("note", commerce.USD))
	assert.Empty(t, tot.Unattributed())

	// Rows and Unattributed are copies.
	rows := tot.Rows()
	rows[0].Touchpoint = "changed"
	assert.Equal(t, "ad", tot.Rows()[0].Touchpoint)
}

// A touch counted twice on one path is credited twice.
func TestAttributionRepeatedTouch(t *testing.T) {
	a := mustAttribution(t, AttributionSpec{Model: LinearCredit})
	p := path("o1", 1000, "note", "note", "live")
	tot, err := a.Totals([]OrderPath{p})
	require.NoError(t, err)
	assert.Equal(t, []TouchpointCredit{{"live", cny(333), 1}, {"note", cny(667), 2}}, tot.Rows())
}

// randomOrder returns an order of up to maxTouches touches drawn from a
// small pool of touchpoints and instants, so ties and repeats are common.
func randomOrder(r *rand.Rand, id string, maxTouches int, amountMax int64) OrderPath {
	cur := commerce.CNY
	if r.IntN(8) == 0 {
		cur = commerce.USD
	}
	amount := r.Int64N(amountMax + 1)
	if r.IntN(50) == 0 {
		amount = math.MaxInt64 - r.Int64N(1000)
	}
	p := OrderPath{Order: id, Amount: commerce.MustNewMoney(amount, cur), At: attribT0}
	n := 1 + r.IntN(maxTouches)
	for range n {
		p.Touches = append(p.Touches, Touch{
			Touchpoint: fmt.Sprintf("tp-%d", r.IntN(6)),
			At:         attribT0.Add(-time.Duration(r.IntN(20)) * time.Hour),
		})
	}
	return p
}

func randomAttribution(r *rand.Rand) Attribution {
	m := CreditModel(1 + r.IntN(int(numCreditModels)-1))
	s := AttributionSpec{Model: m}
	if r.IntN(3) == 0 {
		s.Lookback = time.Duration(r.IntN(24)) * time.Hour
	}
	if m == PositionBasedCredit && r.IntN(2) == 0 {
		d := 1 + r.Int64N(200)
		f := r.Int64N(d + 1)
		s.Ends = EndShares{First: commerce.MustNewRatio(f, d), Last: commerce.MustNewRatio(r.Int64N(d-f+1), d)}
	}
	a, err := NewAttribution(s)
	if err != nil {
		panic(err) // the spec is valid by construction
	}
	return a
}

// exactShares returns each touch's exact share of amount under a, in
// path order, computed with big rationals from the model's definition.
func exactShares(a Attribution, n int, amount int64) []*big.Rat {
	A := new(big.Rat).SetInt64(amount)
	out := make([]*big.Rat, n)
	for i := range out {
		out[i] = new(big.Rat)
	}
	frac := func(num, den int64) *big.Rat { return new(big.Rat).Mul(A, big.NewRat(num, den)) }
	switch {
	case a.model == FirstTouchCredit || n == 1 && a.model != LastTouchCredit:
		out[0].Set(A)
	case a.model == LastTouchCredit:
		out[n-1].Set(A)
	case a.model == LinearCredit:
		for i := range out {
			out[i] = frac(1, int64(n))
		}
	default:
		f := big.NewRat(a.ends.First.Num(), a.ends.First.Den())
		l := big.NewRat(a.ends.Last.Num(), a.ends.Last.Den())
		mid := new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Add(f, l))
		if n == 2 {
			half := new(big.Rat).Mul(mid, big.NewRat(1, 2))
			out[0].Mul(A, new(big.Rat).Add(f, half))
			out[1].Mul(A, new(big.Rat).Add(l, half))
			break
		}
		out[0].Mul(A, f)
		out[n-1].Mul(A, l)
		each := new(big.Rat).Mul(mid, big.NewRat(1, int64(n-2)))
		for i := 1; i < n-1; i++ {
			out[i].Mul(A, each)
		}
	}
	return out
}

// referenceSplit is the largest-remainder method the slow, obvious way:
// floors, then one fen each to the largest fractional parts, the earlier
// touch winning ties.
func referenceSplit(shares []*big.Rat) []int64 {
	parts := make([]int64, len(shares))
	rems := make([]*big.Rat, len(shares))
	var sum, floors big.Int
	for i, s := range shares {
		q, m := new(big.Int).QuoRem(s.Num(), s.Denom(), new(big.Int))
		parts[i] = q.Int64()
		rems[i] = new(big.Rat).SetFrac(m, s.Denom())
		floors.Add(&floors, q)
		sum.Add(&sum, q)
	}
	total := new(big.Rat)
	for _, s := range shares {
		total.Add(total, s)
	}
	left := new(big.Int).Sub(total.Num(), &floors).Int64() // total is an integer
	idx := make([]int, len(shares))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return rems[idx[x]].Cmp(rems[idx[y]]) > 0 })
	for _, i := range idx[:left] {
		parts[i]++
	}
	return parts
}

// The properties of every order's credits: they sum exactly to the
// amount, are never negative, match the reference largest-remainder split
// of the exact shares (so none is a fen or more off its exact share), and
// do not depend on the order of the touches; linear credits differ by at
// most one fen.
func TestAttributionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 2025))
	cases := longCases(5000, 200000)
	for c := range cases {
		a := randomAttribution(r)
		p := randomOrder(r, fmt.Sprintf("o-%d", c), 1+r.IntN(24), 1+r.Int64N(100000))
		got, err := a.Credits(p)
		require.NoError(t, err)
		if len(got) == 0 {
			require.Positive(t, a.lookback, "only a window leaves an order unattributed")
			continue
		}
		var sum big.Int
		var lo, hi int64 = math.MaxInt64, -1
		for _, cr := range got {
			u := cr.Amount.Units()
			require.GreaterOrEqual(t, u, int64(0))
			require.Equal(t, p.Amount.Currency(), cr.Amount.Currency())
			sum.Add(&sum, big.NewInt(u))
			lo, hi = min(lo, u), max(hi, u)
		}
		require.Equal(t, p.Amount.Units(), sum.Int64(), "case %d: %v", c, a.model)
		if a.model == LinearCredit {
			require.LessOrEqual(t, hi-lo, int64(1))
		}

		// Against the reference, on the touches inside the window.
		var eligible []Touch
		for _, tc := range p.Touches {
			if !tc.At.After(p.At) && (a.lookback == 0 || !tc.At.Before(p.At.Add(-a.lookback))) {
				eligible = append(eligible, tc)
			}
		}
		slices.SortFunc(eligible, compareTouch)
		want := referenceSplit(exactShares(a, len(eligible), p.Amount.Units()))
		var gotAll []int64
		switch a.model {
		case FirstTouchCredit:
			gotAll = make([]int64, len(eligible))
			gotAll[0] = got[0].Amount.Units()
			require.Equal(t, eligible[0].Touchpoint, got[0].Touchpoint)
		case LastTouchCredit:
			gotAll = make([]int64, len(eligible))
			gotAll[len(eligible)-1] = got[0].Amount.Units()
			require.Equal(t, eligible[len(eligible)-1].Touchpoint, got[0].Touchpoint)
			require.Equal(t, len(eligible)-1, got[0].Position)
		default:
			gotAll, _ = fen(got)
		}
		require.Equal(t, want, gotAll, "case %d: %v %v over %d", c, a.model, p.Amount, len(eligible))

		// Shuffled touches give the same credits.
		q := p
		q.Touches = slices.Clone(p.Touches)
		r.Shuffle(len(q.Touches), func(i, j int) { q.Touches[i], q.Touches[j] = q.Touches[j], q.Touches[i] })
		again, err := a.Credits(q)
		require.NoError(t, err)
		require.Equal(t, got, again)
	}
}

// Totals do not depend on the order of the orders or of their touches,
// equal the sum of each order's credits, and merge from any partition to
// the batch result.
func TestAttributionTotalsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 618))
	rounds := longCases(200, 5000)
	for round := range rounds {
		a := randomAttribution(r)
		orders := make([]OrderPath, 1+r.IntN(60))
		for i := range orders {
			orders[i] = randomOrder(r, fmt.Sprintf("o-%d-%d", round, i), 8, 1e6)
			orders[i].Amount = commerce.MustNewMoney(orders[i].Amount.Units()%1e9, orders[i].Amount.Currency())
		}
		want, err := a.Totals(orders)
		require.NoError(t, err)

		// Brute force from Credits.
		type key struct {
			tp  string
			cur commerce.Currency
		}
		sums := map[key]int64{}
		touches := map[key]int64{}
		un := map[commerce.Currency]int64{}
		for _, p := range orders {
			cs, err := a.Credits(p)
			require.NoError(t, err)
			if len(cs) == 0 {
				un[p.Amount.Currency()] += p.Amount.Units()
			}
			for _, c := range cs {
				sums[key{c.Touchpoint, c.Amount.Currency()}] += c.Amount.Units()
				touches[key{c.Touchpoint, c.Amount.Currency()}]++
			}
		}
		require.Len(t, want.Rows(), len(sums))
		for _, row := range want.Rows() {
			k := key{row.Touchpoint, row.Amount.Currency()}
			require.Equal(t, sums[k], row.Amount.Units())
			require.Equal(t, touches[k], row.Touches)
		}
		require.Len(t, want.Unattributed(), len(un))
		for _, m := range want.Unattributed() {
			require.Equal(t, un[m.Currency()], m.Units())
		}
		require.Equal(t, int64(len(orders)), want.Orders())

		// Permuted orders and touches.
		perm := slices.Clone(orders)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for i := range perm {
			perm[i].Touches = slices.Clone(perm[i].Touches)
			r.Shuffle(len(perm[i].Touches), func(x, y int) {
				perm[i].Touches[x], perm[i].Touches[y] = perm[i].Touches[y], perm[i].Touches[x]
			})
		}
		got, err := a.Totals(perm)
		require.NoError(t, err)
		require.True(t, want.Equal(got))

		// Random partitions merged in a random tree.
		parts := []CreditTotals{}
		for rest := perm; len(rest) > 0; {
			k := 1 + r.IntN(len(rest))
			pt, err := a.Totals(rest[:k])
			require.NoError(t, err)
			parts = append(parts, pt)
			rest = rest[k:]
		}
		parts = append(parts, CreditTotals{}) // the zero value is the identity
		for len(parts) > 1 {
			i := r.IntN(len(parts) - 1)
			m, err := parts[i].Merge(parts[i+1])
			require.NoError(t, err)
			parts = append(parts[:i], append([]CreditTotals{m}, parts[i+2:]...)...)
		}
		require.True(t, want.Equal(parts[0]), "round %d", round)
	}
}

// Paths longer than 16 touches take alloc's scratch path.
func TestAttributionLongPath(t *testing.T) {
	tps := make([]string, 100)
	for i := range tps {
		tps[i] = fmt.Sprintf("tp-%03d", i)
	}
	p := path("o1", 10000, tps...)
	got, err := mustAttribution(t, AttributionSpec{Model: PositionBasedCredit}).Credits(p)
	require.NoError(t, err)
	amounts, _ := fen(got)
	// The 98 middle touches share ¥20.00: 20 fen each with 2,000 − 1,960 =
	// 40 fen left, one each to the first 40 middles.
	assert.Equal(t, int64(4000), amounts[0])
	assert.Equal(t, int64(4000), amounts[99])
	for i := 1; i < 99; i++ {
		want := int64(20)
		if i <= 40 {
			want = 21
		}
		assert.Equal(t, want, amounts[i], i)
	}
}

// Totals allocate per call and per touchpoint, not per order.
func TestAttributionTotalsAllocs(t *testing.T) {
	a := mustAttribution(t, AttributionSpec{Model: PositionBasedCredit})
	r := rand.New(rand.NewPCG(1, 1))
	small := make([]OrderPath, 10)
	large := make([]OrderPath, 1000)
	for i := range large {
		large[i] = randomOrder(r, fmt.Sprintf("o-%d", i), 8, 1e6)
		large[i].Amount = cny(large[i].Amount.Units() % 1e9)
	}
	copy(small, large)
	allocs := func(orders []OrderPath) float64 {
		return testing.AllocsPerRun(20, func() {
			if _, err := a.Totals(orders); err != nil {
				panic(err)
			}
		})
	}
	s, l := allocs(small), allocs(large)
	assert.LessOrEqual(t, l-s, 20.0, "allocations grow with the orders: %v for 10, %v for 1000", s, l)
}

func FuzzAttribution(f *testing.F) {
	f.Add(uint8(3), int64(10000), uint8(3), int64(2), int64(2), int64(5), []byte{0, 1, 2})
	f.Add(uint8(4), int64(5), uint8(4), int64(1), int64(1), int64(3), []byte{3, 3, 1, 0})
	f.Add(uint8(4), int64(math.MaxInt64), uint8(40), int64(0), int64(1), int64(1), []byte{})
	f.Fuzz(func(t *testing.T, model uint8, amount int64, n uint8, fnum, lnum, den int64, times []byte) {
		s := AttributionSpec{Model: CreditModel(model)}
		if s.Model == PositionBasedCredit && den > 0 {
			s.Ends = EndShares{First: commerce.MustNewRatio(fnum, den), Last: commerce.MustNewRatio(lnum, den)}
		}
		a, err := NewAttribution(s)
		if err != nil {
			require.ErrorIs(t, err, commerce.ErrInvalid)
			return
		}
		p := OrderPath{Order: "o", Amount: commerce.MustNewMoney(amount, commerce.CNY), At: attribT0}
		for i := range int(n % 64) {
			var b byte
			if i < len(times) {
				b = times[i]
			}
			p.Touches = append(p.Touches, Touch{Touchpoint: fmt.Sprintf("t%d", b%5), At: attribT0.Add(-time.Duration(b) * time.Minute)})
		}
		cs, err := a.Credits(p)
		if err != nil {
			require.ErrorIs(t, err, commerce.ErrInvalid)
			require.True(t, amount < 0 || len(p.Touches) == 0 || errors.Is(err, commerce.ErrOverflow), err)
			return
		}
		var sum big.Int
		for _, c := range cs {
			require.GreaterOrEqual(t, c.Amount.Units(), int64(0))
			sum.Add(&sum, big.NewInt(c.Amount.Units()))
		}
		require.Equal(t, amount, sum.Int64())
	})
}

// Touches compare as instants, to the nanosecond, whatever their
// location; the lookback boundary is inclusive to the nanosecond.
func TestAttributionSubsecond(t *testing.T) {
	utc := attribT0.UTC()
	p := OrderPath{Order: "o1", Amount: cny(3), At: attribT0, Touches: []Touch{
		{"c", utc.Add(-time.Second + 2)},
		{"b", attribT0.Add(-time.Second + 1)},
		{"a", utc.Add(-time.Second + 1)}, // the same instant as b
		{"z", utc.Add(-time.Second)},     // one nanosecond outside the window
		{"late", utc.Add(1)},             // one nanosecond after the order
	}}
	a := mustAttribution(t, AttributionSpec{Model: LinearCredit, Lookback: time.Second - 1})
	got, err := a.Credits(p)
	require.NoError(t, err)
	amounts, tps := fen(got)
	assert.Equal(t, []string{"a", "b", "c"}, tps)
	assert.Equal(t, []int64{1, 1, 1}, amounts)
}

// A duplicate far from its first occurrence in a large batch is found,
// and reported at its second occurrence naming the first.
func TestAttributionDuplicateInLargeBatch(t *testing.T) {
	orders := make([]OrderPath, 5000)
	for i := range orders {
		orders[i] = path(fmt.Sprintf("order-%05d", i), 100, "note", "live")
	}
	a := mustAttribution(t, AttributionSpec{Model: LinearCredit})
	_, err := a.Totals(orders)
	require.NoError(t, err)
	orders[4321].Order = "order-00017"
	_, err = a.Totals(orders)
	require.ErrorIs(t, err, ErrDuplicate)
	var fe *commerce.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "orders[4321].order", fe.Field)
	assert.Contains(t, fe.Reason, "orders[17]")
}
