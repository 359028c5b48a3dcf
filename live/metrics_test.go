package live_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// at returns the instant of the property session's start plus d.
func at(d time.Duration) time.Time { return propSession().From.Add(d) }

// rec returns a record of viewer with visits given as [enter, leave) pairs
// of offsets from the session start.
func rec(viewer string, spans ...time.Duration) live.ViewerRecord {
	r := live.ViewerRecord{Viewer: viewer}
	for i := 0; i+1 < len(spans); i += 2 {
		r.Visits = append(r.Visits, live.Visit{Enter: at(spans[i]), Leave: at(spans[i+1])})
	}
	return r
}

func paidOrder(t *testing.T, id, buyer string, fen int64, paid time.Time, cur commerce.Currency) commerce.Order {
	t.Helper()
	o, err := commerce.NewOrder(commerce.OrderSpec{ID: id, Buyer: buyer, Seller: "shop", CreatedAt: paid,
		Lines: []commerce.Line{{SKU: "sku", Quantity: 1, UnitListPrice: commerce.MustNewMoney(fen, cur), Paid: commerce.MustNewMoney(fen, cur)}}})
	require.NoError(t, err)
	o, err = o.Pay(paid)
	require.NoError(t, err)
	return o
}

// unpaidOrder returns an order of buyer, created and never paid.
func unpaidOrder(t *testing.T, id, buyer string) commerce.Order {
	t.Helper()
	o, err := commerce.NewOrder(commerce.OrderSpec{ID: id, Buyer: buyer, Seller: "shop", CreatedAt: at(time.Second),
		Lines: []commerce.Line{{SKU: "sku", Quantity: 1, UnitListPrice: commerce.MustNewMoney(500, commerce.CNY), Paid: commerce.MustNewMoney(500, commerce.CNY)}}})
	require.NoError(t, err)
	return o
}

func TestTallyAddErrors(t *testing.T) {
	s := time.Second
	withOrders := func(r live.ViewerRecord, o ...commerce.Order) live.ViewerRecord { r.Orders = o; return r }
	ok := rec("ok", 0, 10*s)
	// many is 20 orders, above the pairwise limit of 16: IDs m0 to m19
	// with m5 again at 17 and m3 again at 19; the error names the
	// smallest second copy, order 17.
	var many []commerce.Order
	for k := range 20 {
		many = append(many, paidOrder(t, fmt.Sprintf("m%d", k), "v", 100, at(s), commerce.CNY))
	}
	many[17], many[19] = many[5], many[3]
	for _, tc := range []struct {
		name   string
		opts   live.TallyOptions
		record live.ViewerRecord
		want   error
		msg    string
	}{
		{"empty viewer", live.TallyOptions{}, rec("", 0, s), commerce.ErrInvalid, "record 1: viewer: empty"},
		{"no visits", live.TallyOptions{}, rec("v"), commerce.ErrInvalid, `viewer "v": visits: none`},
		{"enter before start", live.TallyOptions{}, rec("v", -s, s), live.ErrOutsideSession, `viewer "v": visit 0 enters at`},
		{"zero enter", live.TallyOptions{}, live.ViewerRecord{Viewer: "v", Visits: []live.Visit{{Leave: at(s)}}}, live.ErrOutsideSession, "visit 0 enters"},
		{"enter at end", live.TallyOptions{}, rec("v", 30*time.Minute, 30*time.Minute), live.ErrOutsideSession, "visit 0 enters"},
		{"leave after end", live.TallyOptions{}, rec("v", 0, s, 29*time.Minute, 31*time.Minute), live.ErrOutsideSession, "visit 1 leaves"},
		{"leave far after end", live.TallyOptions{}, rec("v", 0, 100*time.Hour), live.ErrOutsideSession, "visit 0 leaves"},
		{"leave before enter", live.TallyOptions{}, rec("v", 5*s, 4*s), commerce.ErrInvalid, "visit 0: leave: "},
		{"zero leave", live.TallyOptions{}, live.ViewerRecord{Viewer: "v", Visits: []live.Visit{{Enter: at(s)}}}, commerce.ErrInvalid, "visit 0: leave: "},
		{"overlap rejected", live.TallyOptions{Overlaps: live.RejectOverlaps}, rec("v", 0, 10*s, 20*s, 30*s, 5*s, 6*s), live.ErrOverlap, `viewer "v": visits 0 and 2`},
		{"same visit twice rejected", live.TallyOptions{Overlaps: live.RejectOverlaps}, rec("v", 0, 10*s, 0, 10*s), live.ErrOverlap, "visits 0 and 1"},
		{"negative interactions", live.TallyOptions{}, live.ViewerRecord{Viewer: "v", Visits: ok.Visits, Interactions: -1}, commerce.ErrInvalid, "interactions: negative"},
		{"negative clicks", live.TallyOptions{}, live.ViewerRecord{Viewer: "v", Visits: ok.Visits, ProductClicks: -1}, commerce.ErrInvalid, "product clicks: negative"},
		{"order of someone else", live.TallyOptions{}, withOrders(rec("v", 0, s), paidOrder(t, "o1", "w", 100, at(s), commerce.CNY)), commerce.ErrInvalid, `order "o1": buyer: "w" is not the viewer`},
		{"unpaid order of someone else", live.TallyOptions{}, withOrders(rec("v", 0, s), unpaidOrder(t, "u1", "w")), commerce.ErrInvalid, `record 1: viewer "v": order "u1": buyer: "w" is not the viewer`},
		{"order twice", live.TallyOptions{}, withOrders(rec("v", 0, s), paidOrder(t, "o1", "v", 100, at(s), commerce.CNY), unpaidOrder(t, "u1", "v"), paidOrder(t, "o1", "v", 100, at(s), commerce.CNY)), commerce.ErrInvalid, `record 1: viewer "v": order 2: ID "o1": listed twice: also order 0`},
		{"unpaid order twice", live.TallyOptions{}, withOrders(rec("v", 0, s), unpaidOrder(t, "u1", "v"), unpaidOrder(t, "u1", "v")), commerce.ErrInvalid, `order 1: ID "u1": listed twice: also order 0`},
		{"order twice among many", live.TallyOptions{}, withOrders(rec("v", 0, s), many...), commerce.ErrInvalid, `record 1: viewer "v": order 17: ID "m5": listed twice: also order 5`},
		{"order paid before", live.TallyOptions{}, withOrders(rec("v", 0, s), paidOrder(t, "o1", "v", 100, at(-s), commerce.CNY)), live.ErrOutsideSession, `order "o1": paid at`},
		{"order paid after", live.TallyOptions{}, withOrders(rec("v", 0, s), paidOrder(t, "o1", "v", 100, at(30*time.Minute), commerce.CNY)), live.ErrOutsideSession, `order "o1"`},
		{"order after window", live.TallyOptions{AttributionWindow: time.Hour}, withOrders(rec("v", 0, s), paidOrder(t, "o1", "v", 100, at(90*time.Minute), commerce.CNY)), live.ErrOutsideSession, `order "o1"`},
		{"currency", live.TallyOptions{}, withOrders(rec("v", 0, s), paidOrder(t, "o2", "v", 100, at(s), commerce.USD)), commerce.ErrCurrencyMismatch, `order "o2"`},
		{"duplicate", live.TallyOptions{}, rec("first", 0, s), commerce.ErrInvalid, `record 1: viewer "first": tallied twice: also record 0`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl, err := live.NewTally(propSession(), tc.opts)
			require.NoError(t, err)
			require.NoError(t, tl.Add(rec("before", 0, 10*s)))
			before := tl.Metrics()
			first := withOrders(rec("first", time.Minute, 2*time.Minute, 3*time.Minute, 4*time.Minute), paidOrder(t, "o0", "first", 100, at(s), commerce.CNY))
			err = tl.Add(first, tc.record, ok)
			require.ErrorIs(t, err, tc.want)
			assert.ErrorContains(t, err, tc.msg)
			assert.Equal(t, before, tl.Metrics(), "a failed Add changes nothing")
			require.NoError(t, tl.Add(first, ok), "and leaves no viewer behind")
		})
	}
}

func TestOverlapsAndSampling(t *testing.T) {
	s, ms := time.Second, time.Millisecond
	for _, tc := range []struct {
		name               string
		records            []live.ViewerRecord
		views, watch, peak int64
	}{
		// Sampling instants are whole seconds: [0.5 s, 0.9 s) spans none.
		{"between instants", []live.ViewerRecord{rec("a", 500*ms, 900*ms)}, 1, 400, 0},
		// [1 s, 2 s) is online at 1 s only; leaving at 2 s is not online at 2 s.
		{"half-open", []live.ViewerRecord{rec("a", s, 2*s), rec("b", 2*s, 3*s)}, 2, 2000, 1},
		{"merged overlap", []live.ViewerRecord{rec("a", 0, 10*s, 5*s, 15*s), rec("b", 5*s, 6*s)}, 3, 16000, 2},
		{"zero-length inside", []live.ViewerRecord{rec("a", 0, 10*s, 5*s, 5*s)}, 2, 10000, 1},
		{"touching is a revisit", []live.ViewerRecord{rec("a", 0, 5*s, 5*s, 10*s)}, 2, 10000, 1},
		// Ends are truncated to the millisecond after the start: entering
		// at 0.999 ms counts as entering at 0, online at instant 0.
		{"sub-millisecond", []live.ViewerRecord{rec("a", 999*time.Microsecond, 2*ms+1)}, 1, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := live.Summarize(propSession(), live.TallyOptions{}, tc.records)
			require.NoError(t, err)
			assert.Equal(t, [3]int64{tc.views, tc.watch, tc.peak}, [3]int64{m.Views, m.WatchMillis, m.PeakConcurrent})
		})
	}
	// Touching visits are not overlaps under RejectOverlaps either.
	_, err := live.Summarize(propSession(), live.TallyOptions{Overlaps: live.RejectOverlaps},
		[]live.ViewerRecord{rec("a", 0, 5*s, 5*s, 10*s, 10*s, 10*s)})
	assert.NoError(t, err)
}

func TestUnpaidAndWindowOrders(t *testing.T) {
	unpaid, err := commerce.NewOrder(commerce.OrderSpec{ID: "u", Buyer: "v", Seller: "shop", CreatedAt: at(time.Second),
		Lines: []commerce.Line{{SKU: "sku", Quantity: 1, UnitListPrice: commerce.MustNewMoney(500, commerce.CNY), Paid: commerce.MustNewMoney(500, commerce.CNY)}}})
	require.NoError(t, err)
	r := rec("v", 0, time.Minute)
	r.Orders = []commerce.Order{unpaid, paidOrder(t, "late", "v", 700, at(45*time.Minute), commerce.CNY)}
	m, err := live.Summarize(propSession(), live.TallyOptions{AttributionWindow: time.Hour}, []live.ViewerRecord{r})
	require.NoError(t, err)
	assert.Equal(t, int64(1), m.Sales.Orders)
	assert.Equal(t, commerce.MustNewMoney(700, commerce.CNY), m.Sales.GMV)
	assert.Equal(t, at(90*time.Minute), m.Sales.Period.To)
}

func TestNewTallyErrors(t *testing.T) {
	s := propSession()
	for _, tc := range []struct {
		name    string
		session commerce.Period
		opts    live.TallyOptions
	}{
		{"no period", commerce.Period{}, live.TallyOptions{}},
		{"too long", commerce.Period{From: s.From, To: s.From.Add(8 * 24 * time.Hour)}, live.TallyOptions{}},
		{"too short", commerce.Period{From: s.From, To: s.From.Add(time.Microsecond)}, live.TallyOptions{}},
		{"policy", s, live.TallyOptions{Overlaps: 9}},
		{"negative window", s, live.TallyOptions{AttributionWindow: -1}},
		{"long window", s, live.TallyOptions{AttributionWindow: 400 * 24 * time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := live.NewTally(tc.session, tc.opts)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
	var zero live.Tally
	assert.ErrorIs(t, zero.Add(rec("v", 0, time.Second)), commerce.ErrInvalid)
	var nilTally *live.Tally
	assert.Equal(t, live.Metrics{}, nilTally.Metrics())
	_, err := nilTally.Lift()
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	tl, err := live.NewTally(s, live.TallyOptions{})
	require.NoError(t, err)
	_, err = tl.Lift()
	assert.ErrorIs(t, err, commerce.ErrInvalid, "no segment")
	assert.ErrorIs(t, tl.Merge(nilTally), commerce.ErrInvalid)
	assert.ErrorIs(t, nilTally.Merge(tl), commerce.ErrInvalid)
	assert.Equal(t, "merge", live.MergeOverlaps.String())
	assert.Equal(t, "reject", live.RejectOverlaps.String())
	assert.Equal(t, "OverlapPolicy(7)", live.OverlapPolicy(7).String())
	_, err = live.Summarize(commerce.Period{}, live.TallyOptions{}, nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = live.Summarize(s, live.TallyOptions{}, []live.ViewerRecord{rec("")})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}

func TestMergeErrors(t *testing.T) {
	s := propSession()
	group, err := live.NewSegment("g", []string{"a"})
	require.NoError(t, err)
	other, err := live.NewSegment("g", []string{"b"})
	require.NoError(t, err)
	same, err := live.NewSegment("g", []string{"a", "a"})
	require.NoError(t, err)
	newTally := func(session commerce.Period, opts live.TallyOptions, records ...live.ViewerRecord) *live.Tally {
		tl, err := live.NewTally(session, opts)
		require.NoError(t, err)
		require.NoError(t, tl.Add(records...))
		return tl
	}
	cny := rec("c", 0, time.Second)
	cny.Orders = []commerce.Order{paidOrder(t, "o1", "c", 100, at(0), commerce.CNY)}
	usd := rec("d", 0, time.Second)
	usd.Orders = []commerce.Order{paidOrder(t, "o2", "d", 100, at(0), commerce.USD)}
	base := newTally(s, live.TallyOptions{Segment: group}, rec("a", 0, time.Second), cny)
	want := base.Metrics()
	for _, tc := range []struct {
		name  string
		other *live.Tally
		is    error
		msg   string
	}{
		{"itself", base, commerce.ErrInvalid, "itself"},
		{"session", newTally(commerce.Period{From: s.From, To: s.To.Add(time.Second)}, live.TallyOptions{Segment: group}), commerce.ErrInvalid, "different sessions"},
		{"options", newTally(s, live.TallyOptions{Segment: group, Overlaps: live.RejectOverlaps}), commerce.ErrInvalid, "different options"},
		{"segment", newTally(s, live.TallyOptions{Segment: other}), commerce.ErrInvalid, "different segments"},
		{"no segment", newTally(s, live.TallyOptions{}), commerce.ErrInvalid, "different segments"},
		{"currency", newTally(s, live.TallyOptions{Segment: group}, usd), commerce.ErrCurrencyMismatch, "merge"},
		{"shared viewer", newTally(s, live.TallyOptions{Segment: group}, rec("b", 0, time.Second), rec("a", 0, time.Second)), commerce.ErrInvalid, `viewer "a": tallied twice: in both tallies`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := base.Merge(tc.other)
			require.ErrorIs(t, err, tc.is)
			assert.ErrorContains(t, err, tc.msg)
			assert.Equal(t, want, base.Metrics())
		})
	}
	// A segment equal by value merges; a tally with no orders takes the
	// other's currency.
	empty := newTally(s, live.TallyOptions{Segment: same}, rec("b", 0, time.Second))
	require.NoError(t, empty.Merge(base))
	assert.Equal(t, commerce.CNY, empty.Metrics().Sales.GMV.Currency())
}

func TestCountsFigures(t *testing.T) {
	var zero live.Counts
	_, err := zero.InteractionRate()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = zero.MeanWatch()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	_, err = zero.GPM(live.PerView, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	for _, f := range []func() error{
		func() error { _, err := zero.Conversion(live.PerOrder); return err },
		func() error { _, err := zero.GPM(live.PerBuyer, commerce.HalfUp); return err },
		func() error { _, err := zero.UVValue(live.PerOrder, commerce.HalfUp); return err },
		func() error { _, err := zero.OrderValue(live.PerView, commerce.HalfUp); return err },
		func() error { _, err := live.Counts{Viewers: 1, WatchMillis: -1}.MeanWatch(); return err },
		func() error { _, err := live.Counts{Viewers: 1, InteractingViewers: -1}.InteractionRate(); return err },
	} {
		assert.ErrorIs(t, f(), commerce.ErrInvalid)
	}
	c := live.Counts{Viewers: 3, Views: 7, ClickingViewers: 2, ProductClicks: 4,
		Sales: commerce.Metrics{GMV: commerce.MustNewMoney(1000, commerce.CNY), Orders: 3, Buyers: 2}}
	for _, tc := range []struct {
		name string
		mode commerce.RoundingMode
		want int64
	}{
		// GMV ¥10.00 / 3 viewers = 333.33… fen; × 1000 / 7 views = 142857.14… fen.
		{"half up", commerce.HalfUp, 333}, {"half even", commerce.HalfEven, 333}, {"down", commerce.Down, 333},
		{"up", commerce.Up, 334}, {"floor", commerce.Floor, 333}, {"ceiling", commerce.Ceiling, 334},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uv, err := c.UVValue(live.PerViewer, tc.mode)
			require.NoError(t, err)
			assert.Equal(t, tc.want, uv.Units())
		})
	}
	gpm, err := c.GPM(live.PerView, commerce.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, int64(142857), gpm.Units())
	half := live.Counts{Viewers: 4, Sales: commerce.Metrics{GMV: commerce.MustNewMoney(10, commerce.CNY)}} // 2.5 fen
	for mode, want := range map[commerce.RoundingMode]int64{commerce.HalfUp: 3, commerce.HalfEven: 2} {
		uv, err := half.UVValue(live.PerViewer, mode)
		require.NoError(t, err)
		assert.Equal(t, want, uv.Units(), mode)
	}
	neg := live.Counts{Viewers: 4, Sales: commerce.Metrics{GMV: commerce.MustNewMoney(-10, commerce.CNY)}}
	for mode, want := range map[commerce.RoundingMode]int64{commerce.Floor: -3, commerce.Ceiling: -2, commerce.Up: -3} {
		uv, err := neg.UVValue(live.PerViewer, mode)
		require.NoError(t, err)
		assert.Equal(t, want, uv.Units(), mode)
	}
	conv, err := c.Conversion(live.PerClickingViewer)
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 1), conv)
	_, err = c.GPM(live.PerView, commerce.RoundingMode(0))
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)
	huge := live.Counts{Views: 1, Sales: commerce.Metrics{GMV: commerce.MustNewMoney(math.MaxInt64, commerce.CNY)}}
	_, err = huge.GPM(live.PerView, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	_, err = live.Counts{Viewers: 1, WatchMillis: math.MaxInt64}.MeanWatch()
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	var m live.Metrics
	_, err = m.AverageConcurrent()
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	assert.Equal(t, "viewer", live.PerViewer.String())
	assert.Equal(t, "Basis(0)", live.Basis(0).String())
	assert.True(t, c.Equal(c))
	assert.False(t, c.Equal(half))
}

func TestPresets(t *testing.T) {
	var names []string
	for _, p := range live.Presets() {
		names = append(names, p.Name)
		require.NoError(t, p.Validate())
		q, err := live.PresetOf(p.Name)
		require.NoError(t, err)
		assert.Equal(t, p, q)
	}
	assert.Equal(t, []string{"douyin_pv", "douyin_uv", "tiktok", "wechat"}, names)
	_, err := live.PresetOf("kuaishou")
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	p := live.Presets()
	p[0].Name = "changed"
	assert.Equal(t, "douyin_pv", live.Presets()[0].Name, "Presets returns a copy")

	noPlatform := live.Preset{Name: "custom", GPM: live.PerView, UVValue: live.PerViewer, Conversion: live.PerViewer, OrderValue: live.PerOrder}
	assert.ErrorContains(t, noPlatform.Validate(), `preset "custom": platform: unknown Platform(0)`)
	bad := live.Preset{Name: "bad", Platform: live.Douyin, GPM: live.PerView, UVValue: live.PerViewer, Conversion: live.PerOrder, OrderValue: live.PerOrder}
	_, err = bad.Evaluate(live.Metrics{}, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.ErrorContains(t, err, `preset "bad": conversion: basis order`)
	tiktok, _ := live.PresetOf("tiktok")
	_, err = tiktok.Evaluate(live.Metrics{}, 0)
	assert.ErrorIs(t, err, commerce.ErrRoundingMode)

	// A session with viewers but no orders: the order figures are
	// undefined, the others are not.
	m, err := live.Summarize(propSession(), live.TallyOptions{}, []live.ViewerRecord{rec("a", 0, time.Minute)})
	require.NoError(t, err)
	r, err := tiktok.Evaluate(m, commerce.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, []string{"OrderValue", "Conversion", "RefundRate", "RepurchaseRate"}, r.Undefined)
	assert.Equal(t, time.Minute, r.MeanWatch)
	assert.Equal(t, commerce.MustNewRatio(1, 30), r.AverageConcurrent)
	r, err = tiktok.Evaluate(live.Metrics{}, commerce.HalfUp)
	require.NoError(t, err)
	assert.Len(t, r.Undefined, 10, "nothing is defined for an empty session")
	huge := live.Metrics{Counts: live.Counts{Views: 1, Viewers: 1, Sales: commerce.Metrics{GMV: commerce.MustNewMoney(math.MaxInt64, commerce.CNY)}}}
	_, err = tiktok.Evaluate(huge, commerce.HalfUp)
	assert.ErrorIs(t, err, commerce.ErrOverflow)
}

func TestSegmentAndLift(t *testing.T) {
	_, err := live.NewSegment("", nil)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = live.NewSegment("g", []string{"a", " b"})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.ErrorContains(t, err, `segment "g": member 1`)
	g, err := live.NewSegment("g", []string{"a", "b", "a"})
	require.NoError(t, err)
	assert.Equal(t, 2, g.Len())
	assert.True(t, g.Contains("b"))
	assert.False(t, g.Contains("c"))
	var none *live.Segment
	assert.Equal(t, "", none.Name())
	assert.Equal(t, 0, none.Len())
	assert.False(t, none.Contains("a"))
	assert.True(t, none.Equal(nil))
	assert.False(t, g.Equal(nil))

	var l live.Lift
	for _, f := range []func() (commerce.Ratio, error){l.EnteredShare, l.WatchRatio, l.ConversionRatio, l.OrderShare, l.GMVShare} {
		_, err := f()
		assert.ErrorIs(t, err, commerce.ErrDivisionByZero)
	}
	l = live.Lift{Segment: live.Counts{Viewers: 1, WatchMillis: math.MaxInt64}, Rest: live.Counts{Viewers: 3, WatchMillis: 2}}
	_, err = l.WatchRatio()
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	l.Segment.WatchMillis = -1
	_, err = l.WatchRatio()
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	l.Segment.Sales.Orders, l.Rest.Sales.Orders = math.MaxInt64, 1
	_, err = l.OrderShare()
	assert.ErrorIs(t, err, commerce.ErrOverflow)
	l.Segment.Sales.GMV, l.Rest.Sales.GMV = commerce.MustNewMoney(1, commerce.CNY), commerce.MustNewMoney(1, commerce.USD)
	_, err = l.GMVShare()
	assert.True(t, errors.Is(err, commerce.ErrCurrencyMismatch))
	// Factors reduce against each other before multiplying:
	// (6e12 × 4e6) / (2e12 × 8e6) = 3/2 although each product overflows.
	l = live.Lift{Segment: live.Counts{Viewers: 8_000_000, WatchMillis: 6_000_000_000_000}, Rest: live.Counts{Viewers: 4_000_000, WatchMillis: 2_000_000_000_000}}
	r, err := l.WatchRatio()
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(3, 2), r)
	assert.True(t, l.Equal(l))
	assert.False(t, l.Equal(live.Lift{}))
}

// TestTallyReset checks that Reset empties a tally and keeps its session
// and options: the viewers, concurrency, counts and currency are gone, so
// the same viewers can be tallied again and orders in another currency
// taken.
func TestTallyReset(t *testing.T) {
	session := propSession()
	group, err := live.NewSegment("group", []string{"a"})
	require.NoError(t, err)
	opts := live.TallyOptions{AttributionWindow: time.Hour, Segment: group}
	a := rec("a", 0, time.Minute)
	a.Orders = []commerce.Order{paidOrder(t, "o1", "a", 500, at(50*time.Minute), commerce.CNY)}
	records := []live.ViewerRecord{a, rec("b", time.Minute, 3*time.Minute), rec("c", 0, 10*time.Minute)}

	tl, err := live.NewTally(session, opts)
	require.NoError(t, err)
	empty := tl.Metrics()
	emptyLift, err := tl.Lift()
	require.NoError(t, err)
	require.NoError(t, tl.Add(records...))
	require.NotEqual(t, empty, tl.Metrics())

	tl.Reset()
	assert.Equal(t, empty, tl.Metrics(), "empty again")
	lift, err := tl.Lift()
	require.NoError(t, err, "the segment is kept")
	assert.Equal(t, emptyLift, lift)

	require.NoError(t, tl.Add(records...), "the viewers are forgotten")
	want, err := live.Summarize(session, opts, records)
	require.NoError(t, err)
	assert.Equal(t, want, tl.Metrics())

	tl.Reset()
	usd := rec("a", 0, time.Minute)
	usd.Orders = []commerce.Order{paidOrder(t, "o2", "a", 900, at(70*time.Minute), commerce.USD)}
	require.NoError(t, tl.Add(usd), "the currency is forgotten; the attribution window is kept")
	assert.Equal(t, commerce.MustNewMoney(900, commerce.USD), tl.Metrics().Sales.GMV)

	// A merge into a reset tally.
	other, err := live.NewTally(session, opts)
	require.NoError(t, err)
	require.NoError(t, other.Add(records...))
	tl.Reset()
	require.NoError(t, tl.Merge(other))
	assert.Equal(t, want, tl.Metrics())

	var zero live.Tally
	zero.Reset()
	assert.Equal(t, live.Metrics{}, zero.Metrics(), "the zero tally stays unusable")
	var none *live.Tally
	assert.NotPanics(t, none.Reset)
}

// TestTallyOverflow checks that a total past int64 is ErrOverflow and
// changes nothing: within one record, within one Add, across Adds, across
// the segment and the rest, and in a merge.
func TestTallyOverflow(t *testing.T) {
	const big = math.MaxInt64/2 + 1 // two of them overflow
	group, err := live.NewSegment("group", []string{"seg"})
	require.NoError(t, err)
	withCounts := func(viewer string, interactions, clicks int64, orders ...commerce.Order) live.ViewerRecord {
		r := rec(viewer, 0, time.Second)
		r.Interactions, r.ProductClicks, r.Orders = interactions, clicks, orders
		return r
	}
	for _, tc := range []struct {
		name          string
		before, batch []live.ViewerRecord
		msg           string
	}{
		{"interactions in one Add", nil, []live.ViewerRecord{withCounts("a", big, 0), withCounts("b", big, 0)}, "add: totals"},
		{"clicks across Adds", []live.ViewerRecord{withCounts("a", 0, math.MaxInt64)}, []live.ViewerRecord{withCounts("b", 0, 1)}, "add: totals"},
		{"segment and rest", []live.ViewerRecord{withCounts("seg", math.MaxInt64, 0)}, []live.ViewerRecord{withCounts("b", 1, 0)}, "add: totals"},
		{"GMV in one record", nil, []live.ViewerRecord{withCounts("a", 0, 0,
			paidOrder(t, "o1", "a", big, at(time.Second), commerce.CNY), paidOrder(t, "o2", "a", big, at(time.Second), commerce.CNY))}, `viewer "a": order "o2"`},
		{"GMV in one Add", nil, []live.ViewerRecord{withCounts("a", 0, 0, paidOrder(t, "o1", "a", big, at(time.Second), commerce.CNY)),
			withCounts("b", 0, 0, paidOrder(t, "o2", "b", big, at(time.Second), commerce.CNY))}, "add: totals"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl, err := live.NewTally(propSession(), live.TallyOptions{Segment: group})
			require.NoError(t, err)
			require.NoError(t, tl.Add(tc.before...))
			before := tl.Metrics()
			err = tl.Add(tc.batch...)
			require.ErrorIs(t, err, commerce.ErrOverflow)
			assert.ErrorContains(t, err, tc.msg)
			assert.Equal(t, before, tl.Metrics(), "a failed Add changes nothing")
		})
	}

	// The same totals reached by a merge: across the tallies, and across
	// the segment and the rest.
	for _, tc := range []struct{ name, viewer string }{{"clicks across tallies", "b"}, {"segment and rest", "seg"}} {
		t.Run("merge: "+tc.name, func(t *testing.T) {
			tl, err := live.NewTally(propSession(), live.TallyOptions{Segment: group})
			require.NoError(t, err)
			require.NoError(t, tl.Add(withCounts("a", 0, math.MaxInt64)))
			before := tl.Metrics()
			other, err := live.NewTally(propSession(), live.TallyOptions{Segment: group})
			require.NoError(t, err)
			require.NoError(t, other.Add(withCounts(tc.viewer, 0, 1)))
			err = tl.Merge(other)
			require.ErrorIs(t, err, commerce.ErrOverflow)
			assert.ErrorContains(t, err, "merge: totals")
			assert.Equal(t, before, tl.Metrics(), "a failed Merge changes nothing")
		})
	}
}

// TestTallyManyVisits checks a viewer with more visits than the insertion
// sort takes (12), in random order, against the brute-force model, and
// the same visits in another order.
func TestTallyManyVisits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	session := propSession()
	var spans []time.Duration
	for range 20 { // 20 visits of up to 3 minutes, some overlapping
		e := time.Duration(rng.Int64N(int64(25 * time.Minute)))
		spans = append(spans, e, e+time.Duration(rng.Int64N(int64(3*time.Minute))))
	}
	records := []live.ViewerRecord{rec("many", spans...), rec("one", 0, time.Minute)}
	got, err := live.Summarize(session, live.TallyOptions{}, records)
	require.NoError(t, err)
	want := model(session, 0, records)
	// The quantiles are R-7's exact values rounded half up (here P90 is
	// a half millisecond, which float64 interpolation rounded either way).
	assert.Equal(t, want.MedianWatch, got.MedianWatch)
	assert.Equal(t, want.P90Watch, got.P90Watch)
	assert.True(t, want.Equal(got), "model\n%+v\n%+v", want, got)
	slices.Reverse(records[0].Visits)
	again, err := live.Summarize(session, live.TallyOptions{}, records)
	require.NoError(t, err)
	assert.Equal(t, got, again)
}
