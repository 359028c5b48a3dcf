package live

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Visit is one stay of a viewer in the live room, the half-open interval
// [Enter, Leave): the viewer is online at every instant t with
// Enter ≤ t < Leave. Enter is the room-enter event; a visit of zero length
// (Leave = Enter) is a view with no watch time.
type Visit struct {
	// Enter is when the viewer entered the room; Leave when they left.
	Enter, Leave time.Time
}

// ViewerRecord is what the room knows of one viewer in one session: every
// visit, how often they interacted and clicked a product, and their orders.
// A [Tally] takes each viewer's record once, so a viewer's figures never
// straddle two records and parts split by viewer merge exactly.
type ViewerRecord struct {
	// Viewer identifies the viewer (a member or device ID); it is required.
	Viewer string
	// Visits are the viewer's stays, in any order; at least one. Every
	// visit enters inside the session and leaves by its end. Overlapping
	// visits are merged or refused as [TallyOptions.Overlaps] says.
	Visits []Visit
	// Interactions counts the viewer's comments, likes, shares and follows
	// in the room (the "viewers engaged" actions of S45);
	// not negative.
	Interactions int64
	// ProductClicks counts the viewer's clicks on products in the room;
	// not negative.
	ProductClicks int64
	// Orders are the viewer's orders, each listed once (no two with the
	// same ID) and each with Buyer = Viewer, paid or not. Orders never
	// paid are then skipped; a paid order counts when it was paid inside the
	// session or its attribution window ([TallyOptions.AttributionWindow])
	// and is refused otherwise.
	Orders []commerce.Order
}

// Counts are the additive figures of a set of viewers: the whole session
// in [Metrics], one side of a segment in [Lift]. Each is an exact count;
// the derived figures are methods that name their numerator and
// denominator.
type Counts struct {
	// Viewers (UV, 观看人数) is the number of distinct viewers: records
	// with at least one visit.
	Viewers int64
	// Views (PV, 观看次数) is the number of room-enter events: every visit
	// recorded, revisits included, whether or not it overlapped another
	// visit of the same viewer.
	Views int64
	// WatchMillis is Σ over viewers of the time each was online, in whole
	// milliseconds: visit ends are truncated to the millisecond after the
	// session start, and a viewer's overlapping visits count once (their
	// union). It is kept in milliseconds because nanoseconds would overflow
	// int64 beyond 292 years of total watch time.
	WatchMillis int64
	// InteractingViewers is the number of viewers with Interactions > 0;
	// Interactions is Σ Interactions.
	InteractingViewers, Interactions int64
	// ClickingViewers is the number of viewers with ProductClicks > 0;
	// ProductClicks is Σ ProductClicks.
	ClickingViewers, ProductClicks int64
	// Sales are the commerce metrics of the viewers' counted orders, by
	// payment time, refunds included in GMV (as TikTok reports GMV, S43):
	// Sales.Period is [session start, session end + attribution window);
	// Sales.Buyers is the number of paying viewers (成交人数), viewers with
	// at least one counted order; Sales.RepeatBuyers those with two or
	// more. Refund and repurchase rates and the average order value are
	// its methods ([commerce.Metrics.RefundRateByOrders],
	// [commerce.Metrics.RepurchaseRate], …). Money is in minor units (fen
	// for CNY); with no counted order GMV is the zero Money.
	Sales commerce.Metrics
}

// Equal reports whether c and o hold the same figures ([commerce.Metrics.Equal]
// for Sales).
func (c Counts) Equal(o Counts) bool {
	p, q := c, o
	p.Sales, q.Sales = commerce.Metrics{}, commerce.Metrics{}
	return p == q && c.Sales.Equal(o.Sales)
}

// Basis names the denominator of a derived figure, where platforms
// disagree: GPM over views or over viewers, conversion over viewers or over
// product clicks. The zero value is not a basis.
//
// Source tags such as (S47) in this package's metric documentation are
// those of the project's funnel-metrics anchors (§3 and its source list);
// [Preset] says which platform uses which basis.
type Basis uint8

// The bases.
const (
	// PerView divides by Views (PV, 场观人次).
	PerView Basis = iota + 1
	// PerViewer divides by Viewers (UV, 场观人数).
	PerViewer
	// PerClickingViewer divides by ClickingViewers (product visitors).
	PerClickingViewer
	// PerProductClick divides by ProductClicks; for a conversion, the
	// numerator is then orders, not buyers (TikTok's click-to-order rate).
	PerProductClick
	// PerOrder divides by Sales.Orders.
	PerOrder
	// PerBuyer divides by Sales.Buyers, the paying viewers.
	PerBuyer
	numBases
)

var basisNames = [numBases]string{"", "view", "viewer", "clicking-viewer", "product-click", "order", "buyer"}

// String returns the basis's name, such as "viewer".
func (b Basis) String() string {
	if b > 0 && b < numBases {
		return basisNames[b]
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// InteractionRate (互动率) returns InteractingViewers / Viewers.
func (c Counts) InteractionRate() (commerce.Ratio, error) {
	return countRatio("interaction rate", c.InteractingViewers, c.Viewers)
}

// ProductClickRate (商品点击率) returns ClickingViewers / Viewers, the
// "product guided rate" (S45).
func (c Counts) ProductClickRate() (commerce.Ratio, error) {
	return countRatio("product click rate", c.ClickingViewers, c.Viewers)
}

// Conversion (看播成交转化率) returns, by per:
//   - [PerViewer]: Sales.Buyers / Viewers, paying viewers over viewers (the
//     canonical definition);
//   - [PerClickingViewer]: Sales.Buyers / ClickingViewers (Lazada's
//     "buyers / product visitors", S45). It can exceed 1: a buyer who
//     never clicked a product in the room (ProductClicks = 0: an order
//     from a link or the cart) counts as a buyer but not as a clicking
//     viewer;
//   - [PerProductClick]: Sales.Orders / ProductClicks (TikTok's
//     click-to-order rate, CTOR, S43); it too can exceed 1, with more
//     orders than clicks.
//
// Any other basis is [commerce.ErrInvalid]; a zero denominator is
// [commerce.ErrDivisionByZero].
func (c Counts) Conversion(per Basis) (commerce.Ratio, error) {
	switch per {
	case PerViewer:
		return countRatio("conversion per viewer", c.Sales.Buyers, c.Viewers)
	case PerClickingViewer:
		return countRatio("conversion per clicking viewer", c.Sales.Buyers, c.ClickingViewers)
	case PerProductClick:
		return countRatio("conversion per product click", c.Sales.Orders, c.ProductClicks)
	}
	return commerce.Ratio{}, fieldErr("conversion: basis", "%v is not viewer, clicking-viewer or product-click", per)
}

// GPM (千次观看成交金额) returns GMV × 1000 / Views with [PerView] (the
// canonical definition) or GMV × 1000 / Viewers with [PerViewer] (S47),
// rounded to a minor unit with mode. Always report which.
func (c Counts) GPM(per Basis, mode commerce.RoundingMode) (commerce.Money, error) {
	switch per {
	case PerView:
		return quoMoney("GPM per view", c.Sales.GMV, 1000, c.Views, mode)
	case PerViewer:
		return quoMoney("GPM per viewer", c.Sales.GMV, 1000, c.Viewers, mode)
	}
	return commerce.Money{}, fieldErr("GPM: basis", "%v is not view or viewer", per)
}

// UVValue (UV价值) returns GMV / Viewers with [PerViewer] (the canonical
// definition, S47) or GMV / Views with [PerView] (S46), rounded to a
// minor unit with mode.
func (c Counts) UVValue(per Basis, mode commerce.RoundingMode) (commerce.Money, error) {
	switch per {
	case PerViewer:
		return quoMoney("UV value per viewer", c.Sales.GMV, 1, c.Viewers, mode)
	case PerView:
		return quoMoney("UV value per view", c.Sales.GMV, 1, c.Views, mode)
	}
	return commerce.Money{}, fieldErr("UV value: basis", "%v is not viewer or view", per)
}

// OrderValue returns GMV / Sales.Orders with [PerOrder] (the average order
// value) or GMV / Sales.Buyers with [PerBuyer] (客单价 over paying viewers,
// S46), rounded to a minor unit with mode.
func (c Counts) OrderValue(per Basis, mode commerce.RoundingMode) (commerce.Money, error) {
	switch per {
	case PerOrder:
		return quoMoney("order value per order", c.Sales.GMV, 1, c.Sales.Orders, mode)
	case PerBuyer:
		return quoMoney("order value per buyer", c.Sales.GMV, 1, c.Sales.Buyers, mode)
	}
	return commerce.Money{}, fieldErr("order value: basis", "%v is not order or buyer", per)
}

// MeanWatch (人均观看时长) returns WatchMillis / Viewers milliseconds,
// rounded half up to a whole millisecond.
func (c Counts) MeanWatch() (time.Duration, error) {
	if c.Viewers <= 0 {
		return 0, fmt.Errorf("live: mean watch time of %d viewers: %w", c.Viewers, commerce.ErrDivisionByZero)
	}
	if c.WatchMillis < 0 {
		return 0, fieldErr("mean watch time: watch millis", "negative: %d", c.WatchMillis)
	}
	q, r := c.WatchMillis/c.Viewers, c.WatchMillis%c.Viewers
	if r >= c.Viewers-r {
		q++
	}
	if q > math.MaxInt64/int64(time.Millisecond) {
		return 0, fmt.Errorf("live: mean watch time of %d ms: %w", q, commerce.ErrOverflow)
	}
	return time.Duration(q) * time.Millisecond, nil
}

// Metrics are the figures of one live session. The additive ones are in
// the embedded [Counts]; the ones below need the whole session: its period,
// the concurrency over time and the distribution of watch time.
//
// The refund rate, repurchase rate and average order value are the methods
// of Sales; conversion, GPM, UV value and the other rates are the methods
// of Counts, each naming its denominator.
type Metrics struct {
	Counts
	// Session is the session's period [start, end).
	Session commerce.Period
	// PeakConcurrent (最高在线, PCU) is the largest number of viewers online
	// at one sampling instant. The instants are start + k seconds for every
	// whole k with k seconds < the session's length (in whole
	// milliseconds); a viewer is online at t when one of their visits has
	// Enter ≤ t < Leave (ends truncated to the millisecond). A visit that
	// spans no sampling instant does not count.
	//
	// The peak is sampled at whole seconds, while [Metrics.AverageConcurrent]
	// is continuous (every millisecond online counts), so the peak can be
	// below the average when visits are shorter than a second: ten viewers
	// each online from start + 100 ms to start + 900 ms of a one-second
	// session are online at no sampling instant (only start + 0 s is one),
	// so PeakConcurrent is 0 while the average is 10 × 800 / 1000 = 8.
	PeakConcurrent int64
	// MedianWatch and P90Watch are the 0.5 and 0.9 quantiles of the
	// viewers' watch times (each viewer's union of visits, in whole
	// milliseconds), by the R-7 (linear interpolation) method of
	// golang.org/x/exp/stats.Quantiles, computed exactly in integers
	// rather than in float64, and rounded to the nearest millisecond,
	// halves up. For the q = num/den quantile of the n sorted watch times
	// v[0] ≤ … ≤ v[n−1]: h = (n−1)·num, i = ⌊h / den⌋, r = h mod den, and
	// the quantile is (v[i]·den + r·(v[i+1] − v[i])) / den ms. So a
	// quantile is the exact R-7 value rounded half up, for any number of
	// viewers and session length (float64 interpolation can be a
	// millisecond or more off with millions of viewers in a long session).
	// With no viewers both are zero.
	MedianWatch, P90Watch time.Duration
}

// Equal reports whether m and o hold the same figures for the same session
// (periods compared with [commerce.Period.Equal]).
func (m Metrics) Equal(o Metrics) bool {
	p, q := m, o
	p.Counts, q.Counts = Counts{}, Counts{}
	p.Session, q.Session = commerce.Period{}, commerce.Period{}
	return p == q && m.Counts.Equal(o.Counts) && m.Session.Equal(o.Session)
}

// AverageConcurrent (平均在线) returns the time-averaged number of viewers
// online: WatchMillis / the session's length in whole milliseconds, exact.
// A session of less than a millisecond is [commerce.ErrDivisionByZero].
func (m Metrics) AverageConcurrent() (commerce.Ratio, error) {
	return countRatio("average concurrent viewers", m.WatchMillis, sessionMillis(m.Session))
}

// sessionMillis returns the length of p in whole milliseconds, or 0 when
// p is not a valid period.
func sessionMillis(p commerce.Period) int64 {
	if p.Validate() != nil {
		return 0
	}
	return int64(p.To.Sub(p.From) / time.Millisecond)
}

// countRatio returns num/den for the figure named what, with an error that
// names it.
func countRatio(what string, num, den int64) (commerce.Ratio, error) {
	if den <= 0 {
		return commerce.Ratio{}, fmt.Errorf("live: %s: %d/%d: %w", what, num, den, commerce.ErrDivisionByZero)
	}
	if num < 0 {
		return commerce.Ratio{}, fieldErr(what, "negative numerator %d", num)
	}
	return commerce.NewRatio(num, den)
}

// productRatio returns (a·b)/(c·d) in lowest terms, for a, b ≥ 0 and
// c, d > 0, reducing each factor against the others before multiplying
// so that the result fits whenever its lowest terms do ([commerce.ErrOverflow]
// otherwise).
func productRatio(what string, a, b, c, d int64) (commerce.Ratio, error) {
	if c <= 0 || d <= 0 {
		return commerce.Ratio{}, fmt.Errorf("live: %s: (%d×%d)/(%d×%d): %w", what, a, b, c, d, commerce.ErrDivisionByZero)
	}
	if a < 0 || b < 0 {
		return commerce.Ratio{}, fieldErr(what, "negative numerator %d×%d", a, b)
	}
	ua, ub, uc, ud := uint64(a), uint64(b), uint64(c), uint64(d)
	for _, p := range [...][2]*uint64{{&ua, &uc}, {&ua, &ud}, {&ub, &uc}, {&ub, &ud}} {
		if g := gcd64(*p[0], *p[1]); g > 1 {
			*p[0] /= g
			*p[1] /= g
		}
	}
	nhi, num := bits.Mul64(ua, ub)
	dhi, den := bits.Mul64(uc, ud)
	if nhi != 0 || dhi != 0 || num > math.MaxInt64 || den > math.MaxInt64 {
		return commerce.Ratio{}, fmt.Errorf("live: %s: (%d×%d)/(%d×%d): %w", what, a, b, c, d, commerce.ErrOverflow)
	}
	return commerce.NewRatio(int64(num), int64(den))
}

func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// quoMoney returns m × mul / den rounded to a minor unit with mode, exact
// before the single rounding (128-bit intermediate). A zero Money (no
// currency) gives the zero Money.
func quoMoney(what string, m commerce.Money, mul, den int64, mode commerce.RoundingMode) (commerce.Money, error) {
	if !mode.Valid() {
		return commerce.Money{}, fmt.Errorf("live: %s: %v: %w", what, mode, commerce.ErrRoundingMode)
	}
	if den <= 0 {
		return commerce.Money{}, fmt.Errorf("live: %s: %v × %d / %d: %w", what, m, mul, den, commerce.ErrDivisionByZero)
	}
	u := m.Units()
	neg := u < 0
	mag := uint64(u)
	if neg {
		mag = -mag // two's complement: |MinInt64| = 2^63 fits in a uint64
	}
	hi, lo := bits.Mul64(mag, uint64(mul))
	d := uint64(den)
	if hi >= d {
		return commerce.Money{}, fmt.Errorf("live: %s: %v × %d / %d: %w", what, m, mul, den, commerce.ErrOverflow)
	}
	q, r := bits.Div64(hi, lo, d)
	if roundUp(mode, neg, q, r, d) {
		q++
	}
	if q > math.MaxInt64 {
		return commerce.Money{}, fmt.Errorf("live: %s: %v × %d / %d: %w", what, m, mul, den, commerce.ErrOverflow)
	}
	v := int64(q)
	if neg {
		v = -v
	}
	if !m.Currency().Valid() {
		return commerce.Money{}, nil // the zero Money: v is 0
	}
	return commerce.NewMoney(v, m.Currency())
}

// roundUp reports whether the magnitude q of a quotient must grow by one,
// given the remainder r of the division by d and the sign of the exact
// result, as mode rounds.
func roundUp(mode commerce.RoundingMode, neg bool, q, r, d uint64) bool {
	if r == 0 {
		return false
	}
	switch mode {
	case commerce.Up:
		return true
	case commerce.Floor:
		return neg
	case commerce.Ceiling:
		return !neg
	case commerce.HalfUp:
		return r >= d-r
	case commerce.HalfEven:
		h := d - r
		return r > h || (r == h && q&1 == 1)
	}
	return false // Down
}
