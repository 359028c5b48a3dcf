package matrix

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/alloc"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Errors of attribution, besides [ErrUnknown] and [ErrDuplicate].
var (
	// ErrNoTouch reports an order whose path has no touch at all: there is
	// nothing to give its amount to. (An order whose touches all fall
	// outside the lookback window is not an error: it is unattributed.)
	ErrNoTouch = errors.New("path has no touch")
)

// CreditModel says how an order's amount is shared among the touches of
// its path. The path is in time order (see [OrderPath]); n is its number
// of touches and A the order's amount in minor units (fen).
type CreditModel uint8

// The credit models.
const (
	// FirstTouchCredit gives all of A to the earliest touch.
	FirstTouchCredit CreditModel = iota + 1
	// LastTouchCredit gives all of A to the latest touch.
	LastTouchCredit
	// LinearCredit gives each touch ⌊A/n⌋ and the first A mod n touches
	// in path order one fen more: ¥100.00 over three touches is 33.34,
	// 33.33, 33.33. Two touches' credits differ by at most one fen.
	LinearCredit
	// PositionBasedCredit (U-shaped) gives the first touch the share f of
	// A, the last touch the share l, and splits the rest, 1 − f − l,
	// evenly among the touches in between; the default is 40/20/40 (f = l
	// = 2/5). One touch gets all of A. Two touches have no middle: the
	// middle share is split evenly between them, so the first gets
	// f + (1−f−l)/2 and the last l + (1−f−l)/2 (50/50 by default).
	// Fractions of a fen are settled by the largest-remainder method:
	// every touch gets the floor of its exact share and the fen left over
	// go one each to the largest remainders, the earlier touch in path
	// order winning ties. ¥100.00 over five touches is 40.00, 6.67, 6.67,
	// 6.66, 40.00.
	PositionBasedCredit
	numCreditModels
)

var creditModelNames = [numCreditModels]string{"", "first touch", "last touch", "linear", "position-based"}

// String returns the model's name, such as "linear".
func (m CreditModel) String() string {
	if m > 0 && m < numCreditModels {
		return creditModelNames[m]
	}
	return fmt.Sprintf("CreditModel(%d)", uint8(m))
}

// EndShares are the shares of a position-based model's first and last
// touches, exact fractions of the order's amount: each at least 0, and
// together at most 1. The zero value stands for the default, 2/5 and 2/5
// (40/20/40); so both ends at 0, which would be a linear model over the
// middle touches, cannot be declared.
type EndShares struct {
	First, Last commerce.Ratio
}

// maxShareDen bounds the common denominator of the two end shares, so
// that the integer weights of a path of up to 2³¹ touches fit in int64.
const maxShareDen = 1 << 32

// AttributionSpec declares an [Attribution] for [NewAttribution].
type AttributionSpec struct {
	// Model is the credit model; it is required.
	Model CreditModel
	// Ends sets a position-based model's end shares; the zero value means
	// 2/5 and 2/5. It must be zero for the other models. Their common
	// denominator may be at most 2³² (1/3 and 1/7 are fine: 21).
	Ends EndShares
	// Lookback, when positive, is the attribution window: only touches at
	// most Lookback before the order, order time included, are credited
	// (TikTok counts 14 days, its ads 7 days after a click). Zero means no
	// limit. Touches after the order are never credited.
	Lookback time.Duration
}

// Attribution shares orders' amounts among the touchpoints on their paths
// (note → group → live → order; ads → WeCom → official account → Channels
// → mini-program) by a [CreditModel]. Every order's credits sum exactly to
// its amount, each is at least zero, and the result depends neither on
// the order of the orders nor on the order of a path's touches. It is an
// immutable value, safe to share between goroutines; build one with
// [NewAttribution]. The zero Attribution has no model and its methods
// report [commerce.ErrInvalid].
type Attribution struct {
	model    CreditModel
	ends     EndShares
	lookback time.Duration
	// den is the common denominator of the end shares and first, last,
	// mid their numerators over it (mid = den − first − last), so that a
	// path of n ≥ 3 touches has integer weights first·(n−2), mid, …,
	// mid, last·(n−2), summing to den·(n−2).
	den, first, last, mid int64
}

// NewAttribution validates s. It fails with a *[commerce.FieldError]
// naming the field: an unknown model, a negative lookback, end shares
// given to a model other than position-based, a negative share, shares
// summing past 1, or a common denominator over 2³² (wrapping
// [commerce.ErrOverflow]).
func NewAttribution(s AttributionSpec) (Attribution, error) {
	if s.Model == 0 || s.Model >= numCreditModels {
		return Attribution{}, fieldErr("model", "unknown %v", s.Model)
	}
	if s.Lookback < 0 {
		return Attribution{}, fieldErr("lookback", "negative %v", s.Lookback)
	}
	a := Attribution{model: s.Model, lookback: s.Lookback}
	if s.Model != PositionBasedCredit {
		if s.Ends != (EndShares{}) {
			return Attribution{}, fieldErr("ends", "only a position-based model has end shares, not %v", s.Model)
		}
		return a, nil
	}
	e := s.Ends
	if e == (EndShares{}) {
		e = EndShares{First: commerce.MustNewRatio(2, 5), Last: commerce.MustNewRatio(2, 5)}
	}
	if e.First.Num() < 0 {
		return Attribution{}, fieldErr("ends.first", "negative share %v", e.First)
	}
	if e.Last.Num() < 0 {
		return Attribution{}, fieldErr("ends.last", "negative share %v", e.Last)
	}
	df, dl := uint64(e.First.Den()), uint64(e.Last.Den())
	g := df
	for b := dl; b != 0; {
		g, b = b, g%b
	}
	if df/g > maxShareDen/dl {
		return Attribution{}, &commerce.FieldError{Field: "ends", Reason: fmt.Sprintf("common denominator of %v and %v over 2^32", e.First, e.Last), Err: commerce.ErrOverflow}
	}
	den := int64(df / g * dl)
	// A share of at most 1 has a numerator over den of at most den ≤ 2³².
	if e.First.Num() > e.First.Den() || e.Last.Num() > e.Last.Den() {
		return Attribution{}, fieldErr("ends", "shares %v and %v sum past 1", e.First, e.Last)
	}
	first := e.First.Num() * (den / e.First.Den())
	last := e.Last.Num() * (den / e.Last.Den())
	if first+last > den {
		return Attribution{}, fieldErr("ends", "shares %v and %v sum past 1", e.First, e.Last)
	}
	a.ends = e
	a.den, a.first, a.last, a.mid = den, first, last, den-first-last
	return a, nil
}

// Model returns the credit model.
func (a Attribution) Model() CreditModel { return a.model }

// Ends returns a position-based model's end shares (2/5 and 2/5 unless
// set), and the zero EndShares for the other models.
func (a Attribution) Ends() EndShares { return a.ends }

// Lookback returns the attribution window, zero for none.
func (a Attribution) Lookback() time.Duration { return a.lookback }

// Touch is one touchpoint on an order's path: a note read, a group
// joined, a live entered, an ad clicked.
type Touch struct {
	// Touchpoint is the ID of what touched the buyer: a note, group, room,
	// ad, official account or mini-program, as the caller names them.
	Touchpoint string
	// At is when the touch happened.
	At time.Time
}

// OrderPath is an order and the touches that led to it.
type OrderPath struct {
	// Order is the order's ID.
	Order string
	// Amount is the amount to share, at least zero, in a valid currency.
	Amount commerce.Money
	// At is when the order was paid; it is required.
	At time.Time
	// Touches are the path's touches, in any order: they are credited in
	// time order, touches at the same instant in the byte order of their
	// Touchpoint IDs. Touches equal in both are interchangeable; each
	// counts, so a note read twice gets two linear shares.
	Touches []Touch
}

// Credit is the part of an order's amount given to one touch.
type Credit struct {
	// Touchpoint and At are the touch's, At in the order's location (so
	// that touches equal but for their location credit alike).
	Touchpoint string
	At         time.Time
	// Position is the touch's index, from 0, among the path's touches
	// inside the lookback window, in path order.
	Position int
	// Amount is the credit, in the order's currency.
	Amount commerce.Money
}

// attribScratch is the memory one call reuses from order to order.
type attribScratch struct {
	// eligible is the number of touches of the last order inside its
	// lookback window.
	eligible int
	// keys[:n] are the credited touches, in path order, and parts[:n]
	// their credits in minor units.
	keys    []touchKey
	parts   []uint64
	weights []int64
	alloc   alloc.Scratch
}

// touchKey is a touch's sort key: its time as Unix seconds and
// nanoseconds, and its index in the order's Touches.
type touchKey struct {
	sec  int64
	nsec int32
	idx  int32
}

// Credits shares p's amount among its touches and returns the credits in
// path order: one for the first- and last-touch models, one per touch
// inside the lookback window for the others, zero amounts included. They
// sum exactly to p.Amount. An order with touches but none inside the
// window is unattributed: Credits returns none and no error. Malformed
// input is a *[commerce.FieldError] naming the field: a bad order or
// touchpoint ID, a missing order time, an invalid currency
// ([commerce.ErrUnknownCurrency]), a negative amount, no touches
// ([ErrNoTouch]).
func (a Attribution) Credits(p OrderPath) ([]Credit, error) {
	var s attribScratch
	n, err := a.split(&s, &p, -1)
	if err != nil || n == 0 {
		return nil, err
	}
	out := make([]Credit, n)
	for i, k := range s.keys[:n] {
		pos := i
		if a.model == LastTouchCredit {
			pos = s.eligible - 1
		}
		t := &p.Touches[k.idx]
		out[i] = Credit{Touchpoint: t.Touchpoint, At: t.At.In(p.At.Location()), Position: pos, Amount: commerce.MustNewMoney(int64(s.parts[i]), p.Amount.Currency())}
	}
	return out, nil
}

// orderField names the field of order i, or of the single order when
// i < 0.
func orderField(i int, name string) string {
	if i < 0 {
		return name
	}
	return fmt.Sprintf("orders[%d].%s", i, name)
}

// compareTouch orders touches by time, then by touchpoint ID.
func compareTouch(x, y Touch) int {
	if c := x.At.Compare(y.At); c != 0 {
		return c
	}
	return strings.Compare(x.Touchpoint, y.Touchpoint)
}

// compareKeys orders the keys of touches ts as compareTouch orders the
// touches.
func compareKeys(x, y touchKey, ts []Touch) int {
	if x.sec != y.sec {
		return cmp.Compare(x.sec, y.sec)
	}
	if x.nsec != y.nsec {
		return cmp.Compare(x.nsec, y.nsec)
	}
	return strings.Compare(ts[x.idx].Touchpoint, ts[y.idx].Touchpoint)
}

// sortKeys sorts keys into path order: by insertion for the short paths
// of the common case, by slices.SortFunc beyond.
func sortKeys(keys []touchKey, ts []Touch) {
	if len(keys) > 12 {
		slices.SortFunc(keys, func(x, y touchKey) int { return compareKeys(x, y, ts) })
		return
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && compareKeys(keys[j], keys[j-1], ts) < 0; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// maxTouches is the most touches one path may have, so that a touch's
// index fits the int32 of a touchKey.
const maxTouches = math.MaxInt32

// split validates p (the i-th order, or the only one when i < 0) and
// shares its amount: on return s.keys[:n] are the credited touches in
// path order and s.parts[:n] their credits in minor units. n is zero for
// an unattributed order.
func (a *Attribution) split(s *attribScratch, p *OrderPath, i int) (n int, err error) {
	if a.model == 0 {
		return 0, fieldErr("attribution", "zero Attribution: build one with NewAttribution")
	}
	if ident.Problem(p.Order) != "" {
		return 0, checkID(orderField(i, "order"), p.Order)
	}
	if !p.Amount.Currency().Valid() {
		return 0, &commerce.FieldError{Field: orderField(i, "amount"), Reason: fmt.Sprintf("order %q: no currency", p.Order), Err: commerce.ErrUnknownCurrency}
	}
	if p.Amount.IsNegative() {
		return 0, fieldErr(orderField(i, "amount"), "order %q: negative %v", p.Order, p.Amount)
	}
	if p.At.IsZero() {
		return 0, fieldErr(orderField(i, "at"), "order %q: missing order time", p.Order)
	}
	if len(p.Touches) == 0 {
		return 0, &commerce.FieldError{Field: orderField(i, "touches"), Reason: fmt.Sprintf("order %q", p.Order), Err: ErrNoTouch}
	}
	if len(p.Touches) > maxTouches {
		return 0, &commerce.FieldError{Field: orderField(i, "touches"), Reason: fmt.Sprintf("order %q: %d touches", p.Order, len(p.Touches)), Err: commerce.ErrOverflow}
	}
	endSec, endNsec := p.At.Unix(), int32(p.At.Nanosecond())
	var fromSec int64
	var fromNsec int32
	if a.lookback > 0 {
		from := p.At.Add(-a.lookback)
		fromSec, fromNsec = from.Unix(), int32(from.Nanosecond())
	}
	s.keys = s.keys[:0]
	for j := range p.Touches {
		t := &p.Touches[j]
		if ident.Problem(t.Touchpoint) != "" {
			return 0, fieldErr(orderField(i, fmt.Sprintf("touches[%d].touchpoint", j)), "order %q: %s", p.Order, ident.Problem(t.Touchpoint))
		}
		k := touchKey{sec: t.At.Unix(), nsec: int32(t.At.Nanosecond()), idx: int32(j)}
		if k.sec > endSec || k.sec == endSec && k.nsec > endNsec {
			continue // after the order
		}
		if a.lookback > 0 && (k.sec < fromSec || k.sec == fromSec && k.nsec < fromNsec) {
			continue // before the window
		}
		s.keys = append(s.keys, k)
	}
	n = len(s.keys)
	s.eligible = n
	if n == 0 {
		return 0, nil
	}
	amount := uint64(p.Amount.Units())
	switch a.model {
	case FirstTouchCredit, LastTouchCredit:
		best := 0
		for j := 1; j < n; j++ {
			if (compareKeys(s.keys[j], s.keys[best], p.Touches) < 0) == (a.model == FirstTouchCredit) {
				best = j
			}
		}
		s.keys[0] = s.keys[best]
		s.parts = append(s.parts[:0], amount)
		return 1, nil
	}
	sortKeys(s.keys, p.Touches)
	s.parts = slices.Grow(s.parts[:0], n)[:n]
	if a.model == LinearCredit || n == 1 {
		q, r := amount/uint64(n), amount%uint64(n)
		for j := range s.parts {
			s.parts[j] = q
			if uint64(j) < r {
				s.parts[j]++
			}
		}
		return n, nil
	}
	s.weights = slices.Grow(s.weights[:0], n)[:n]
	if n == 2 {
		s.weights[0], s.weights[1] = 2*a.first+a.mid, 2*a.last+a.mid
	} else {
		// den ≤ 2³² and n − 2 < 2³¹, so den·(n−2) fits in int64.
		k := int64(n - 2)
		for j := 1; j < n-1; j++ {
			s.weights[j] = a.mid
		}
		s.weights[0], s.weights[n-1] = a.first*k, a.last*k
	}
	// The weights are non-negative and sum to 2·den or den·(n−2) > 0, so
	// Proportional cannot fail.
	if _, err := alloc.Proportional(s.parts, amount, s.weights, &s.alloc); err != nil {
		return 0, fmt.Errorf("matrix: order %q: %w", p.Order, err)
	}
	return n, nil
}

// creditKey identifies a row of [CreditTotals].
type creditKey struct {
	touchpoint string
	cur        commerce.Currency
}

// TouchpointCredit is one touchpoint's credit in one currency, summed
// over many orders.
type TouchpointCredit struct {
	// Touchpoint is the touchpoint's ID.
	Touchpoint string
	// Amount is the sum of its credits in one currency.
	Amount commerce.Money
	// Touches is the number of credited touches summed, zero credits
	// included: a note read twice on one path counts twice with a linear
	// model.
	Touches int64
}

// CreditTotals are the credits of many orders summed per touchpoint and
// currency, with the amounts left unattributed (orders whose touches all
// fell outside the lookback window). It is an immutable value; the same
// orders give the same totals in any order, and totals of disjoint sets
// of orders combine with [CreditTotals.Merge]. The zero value is empty.
type CreditTotals struct {
	// rows are sorted by touchpoint, then currency; unattributed by
	// currency.
	rows         []TouchpointCredit
	unattributed []commerce.Money
	orders       int64
}

// Totals shares every order's amount among its touches, as
// [Attribution.Credits] does, and sums the credits per touchpoint and
// currency: amounts in different currencies are never added. It fails,
// returning empty totals, on the first malformed order (a
// *[commerce.FieldError] naming orders[i] and the order's ID, as for
// Credits) or sum past the int64 range of minor units
// ([commerce.ErrOverflow]); then, once every order is valid, on the first
// order whose ID an earlier order has ([ErrDuplicate], naming both). The
// cost is linear in the touches; memory is the rows plus 24 bytes per
// order for the duplicate check.
func (a Attribution) Totals(orders []OrderPath) (CreditTotals, error) {
	if len(orders) >= math.MaxInt32 {
		return CreditTotals{}, &commerce.FieldError{Field: "orders", Reason: fmt.Sprintf("%d orders in one call", len(orders)), Err: commerce.ErrOverflow}
	}
	var s attribScratch
	// index maps a touchpoint to its first row in rows; a touchpoint
	// credited in several currencies chains its rows through next.
	index := make(map[string]int)
	var rows []sumRow
	// The orders' ID hashes, checked for duplicates after the loop: the
	// table probes, independent of each other there, overlap their cache
	// misses.
	hashes := make([]uint64, len(orders))
	var unattributed [256]int64 // by currency; Currency is a uint8
	var ucur [256]bool
	for i := range orders {
		p := &orders[i]
		n, err := a.split(&s, p, i)
		if err != nil {
			return CreditTotals{}, err
		}
		hashes[i] = idHash(p.Order)
		cur := p.Amount.Currency()
		if n == 0 {
			if unattributed[cur], err = addUnits(unattributed[cur], p.Amount.Units(), p.Order); err != nil {
				return CreditTotals{}, err
			}
			ucur[cur] = true
			continue
		}
		for j, k := range s.keys[:n] {
			tp := p.Touches[k.idx].Touchpoint
			r, ok := index[tp]
			if !ok {
				r = len(rows)
				index[tp] = r
				rows = append(rows, sumRow{touchpoint: tp, cur: cur, next: -1})
			}
			for rows[r].cur != cur {
				if rows[r].next < 0 {
					rows[r].next = len(rows)
					rows = append(rows, sumRow{touchpoint: tp, cur: cur, next: -1})
				}
				r = rows[r].next
			}
			row := &rows[r]
			if row.units, err = addUnits(row.units, int64(s.parts[j]), p.Order); err != nil {
				return CreditTotals{}, err
			}
			row.touches++
		}
	}
	seen := newIDSet(len(orders))
	for i, h := range hashes {
		if j := seen.add(orders, i, h); j >= 0 {
			return CreditTotals{}, &commerce.FieldError{Field: orderField(i, "order"), Reason: fmt.Sprintf("%q, as orders[%d]", orders[i].Order, j), Err: ErrDuplicate}
		}
	}
	t := CreditTotals{rows: make([]TouchpointCredit, len(rows)), orders: int64(len(orders))}
	for i, r := range rows {
		t.rows[i] = TouchpointCredit{Touchpoint: r.touchpoint, Amount: commerce.MustNewMoney(r.units, r.cur), Touches: r.touches}
	}
	slices.SortFunc(t.rows, compareCredit)
	for c, ok := range ucur {
		if ok {
			t.unattributed = append(t.unattributed, commerce.MustNewMoney(unattributed[c], commerce.Currency(c)))
		}
	}
	return t, nil
}

// sumRow is a row of Totals while it sums.
type sumRow struct {
	touchpoint     string
	cur            commerce.Currency
	next           int // the touchpoint's row in the next currency, or -1
	units, touches int64
}

// idSet finds order IDs given twice: an open-addressing table, at most
// half full, probed by a fixed hash of the ID (FNV-1a with a MurmurHash3
// finaliser). A slot holds the hash's top 32 bits and the order's index
// plus one, so a probe reads the orders only when the hashes agree. The
// fixed hash keeps the package free of randomness; what add reports does
// not depend on the hash anyway, since a match is confirmed by comparing
// the IDs.
type idSet struct {
	slots []uint64 // hash<<32 | index+1, or 0 for an empty slot
	mask  uint64
}

func newIDSet(n int) idSet {
	size := uint64(16)
	for size < 2*uint64(n) {
		size <<= 1
	}
	return idSet{slots: make([]uint64, size), mask: size - 1}
}

// idHash is the hash of an order ID that idSet probes with.
func idHash(id string) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(id); k++ {
		h ^= uint64(id[k])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>33
}

// add records orders[i]'s ID, whose idHash is h, and returns the index of
// an earlier order with the same ID, or -1. i must be below 2³¹ − 1.
func (s *idSet) add(orders []OrderPath, i int, h uint64) int {
	id := orders[i].Order
	tag := h &^ (1<<32 - 1)
	for x := h & s.mask; ; x = (x + 1) & s.mask {
		v := s.slots[x]
		if v == 0 {
			s.slots[x] = tag | uint64(i+1)
			return -1
		}
		if v&^(1<<32-1) == tag {
			if j := int(uint32(v)) - 1; orders[j].Order == id {
				return j
			}
		}
	}
}

func compareCredit(x, y TouchpointCredit) int {
	if c := strings.Compare(x.Touchpoint, y.Touchpoint); c != 0 {
		return c
	}
	return cmp.Compare(x.Amount.Currency(), y.Amount.Currency())
}

// addUnits returns a + b, or an error wrapping [commerce.ErrOverflow]
// naming the order whose credit overflowed.
func addUnits(a, b int64, order string) (int64, error) {
	s := a + b
	if (s^a)&(s^b) < 0 {
		return 0, fmt.Errorf("matrix: totals with order %q: %w", order, commerce.ErrOverflow)
	}
	return s, nil
}

// Orders returns the number of orders summed, unattributed ones included.
func (t CreditTotals) Orders() int64 { return t.orders }

// Rows returns the touchpoints' credits, sorted by touchpoint ID and then
// currency: one row per touchpoint and currency credited. The slice is a
// copy.
func (t CreditTotals) Rows() []TouchpointCredit { return slices.Clone(t.rows) }

// Unattributed returns the amounts of the orders that had no touch inside
// the lookback window, one per currency, sorted by currency. The slice is
// a copy.
func (t CreditTotals) Unattributed() []commerce.Money { return slices.Clone(t.unattributed) }

// Credit returns the touchpoint's credit in currency c: a zero amount of
// c when it has none.
func (t CreditTotals) Credit(touchpoint string, c commerce.Currency) commerce.Money {
	i, ok := slices.BinarySearchFunc(t.rows, creditKey{touchpoint, c}, func(r TouchpointCredit, k creditKey) int {
		return compareCredit(r, TouchpointCredit{Touchpoint: k.touchpoint, Amount: commerce.Zero(k.cur)})
	})
	if !ok {
		return commerce.Zero(c)
	}
	return t.rows[i].Amount
}

// Sum returns the touchpoint's whole credit as one amount, the zero Money
// when it has none. Credits in two currencies cannot be added: Sum then
// returns a *[commerce.MismatchError] ([commerce.ErrCurrencyMismatch])
// naming both; use [CreditTotals.Credit] per currency.
func (t CreditTotals) Sum(touchpoint string) (commerce.Money, error) {
	i, _ := slices.BinarySearchFunc(t.rows, touchpoint, func(r TouchpointCredit, id string) int {
		return strings.Compare(r.Touchpoint, id)
	})
	var sum commerce.Money
	for ; i < len(t.rows) && t.rows[i].Touchpoint == touchpoint; i++ {
		var err error
		if sum, err = sum.Add(t.rows[i].Amount); err != nil {
			return commerce.Money{}, fmt.Errorf("matrix: credit of touchpoint %q: %w", touchpoint, err)
		}
	}
	return sum, nil
}

// Merge returns the totals of t's and o's orders together, which must be
// disjoint sets of orders (Merge cannot see a duplicate order across
// them). Merge is associative and commutative, so totals of orders
// partitioned any way combine to the totals of all of them. A sum past
// the int64 range of minor units is [commerce.ErrOverflow].
func (t CreditTotals) Merge(o CreditTotals) (CreditTotals, error) {
	out := CreditTotals{rows: make([]TouchpointCredit, 0, len(t.rows)+len(o.rows))}
	out.orders = t.orders + o.orders
	var err error
	i, j := 0, 0
	for i < len(t.rows) || j < len(o.rows) {
		var c int
		switch {
		case i == len(t.rows):
			c = 1
		case j == len(o.rows):
			c = -1
		default:
			c = compareCredit(t.rows[i], o.rows[j])
		}
		switch {
		case c < 0:
			out.rows = append(out.rows, t.rows[i])
			i++
		case c > 0:
			out.rows = append(out.rows, o.rows[j])
			j++
		default:
			row := t.rows[i]
			if row.Amount, err = row.Amount.Add(o.rows[j].Amount); err != nil {
				return CreditTotals{}, fmt.Errorf("matrix: merge totals: touchpoint %q: %w", row.Touchpoint, err)
			}
			row.Touches += o.rows[j].Touches
			out.rows = append(out.rows, row)
			i++
			j++
		}
	}
	un := append(slices.Clone(t.unattributed), o.unattributed...)
	slices.SortFunc(un, func(x, y commerce.Money) int { return cmp.Compare(x.Currency(), y.Currency()) })
	for _, m := range un {
		if k := len(out.unattributed) - 1; k >= 0 && out.unattributed[k].Currency() == m.Currency() {
			if out.unattributed[k], err = out.unattributed[k].Add(m); err != nil {
				return CreditTotals{}, fmt.Errorf("matrix: merge totals: unattributed: %w", err)
			}
			continue
		}
		out.unattributed = append(out.unattributed, m)
	}
	return out, nil
}

// Equal reports whether t and o hold the same rows, unattributed amounts
// and order count.
func (t CreditTotals) Equal(o CreditTotals) bool {
	return t.orders == o.orders && slices.Equal(t.rows, o.rows) && slices.Equal(t.unattributed, o.unattributed)
}
