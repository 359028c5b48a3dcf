package referral

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// evKind is the kind of an order event.
type evKind uint8

const (
	evProgress evKind = iota + 1
	evOpened
	evRefund
	evClosed
)

// orderEvent is an event of one order, as the book keeps it.
type orderEvent struct {
	key       string
	at        int64 // Unix nanoseconds
	kind      evKind
	milestone Milestone
	caseID    string
	lines     []string
	refunds   []Refund
}

// rank orders events at one instant: milestones (in milestone order), then
// after-sales opened, refunds, after-sales closed. Sweeps come after all.
func (e orderEvent) rank() int {
	if e.kind == evProgress {
		return int(e.milestone)
	}
	return int(numMilestones) + int(e.kind)
}

// bookEntry is an entry of an order's book, held compactly: 10^7 of them
// fit in a few hundred megabytes.
type bookEntry struct {
	at     int64
	amount int64
	share  int32
	ev     int32 // index into events; -1 the accrual, -2 a sweep (at is its time)
	kind   EntryKind
	from   Stage
	to     Stage
}

// book is one order in the ledger: its accrual, its events in fold order,
// and what folding them gives. A book is immutable once built.
type book struct {
	acc    Accrual
	start  []int // first share of each line
	events []orderEvent

	entries []bookEntry
	stage   []Stage // per share, at the end of the fold
	amount  []int64 // per share, after every refund
	paid    []int64 // per line, left after refunds
	qty     []int64 // per line, units left
	refunds [][]refundNote
	// due is when the hold runs out (MaxInt64: not known yet); pending
	// counts the shares still pending; lastRelease is the latest sweep
	// that released a share.
	due         int64
	pending     int
	lastRelease int64
	// last is the time of the latest event (or the accrual); swept is the
	// latest sweep folded in (MinInt64: none).
	last  int64
	swept int64
}

// refundNote is one refund of a line, for explanations.
type refundNote struct {
	key    string
	at     int64
	qty    int64
	amount int64
}

// afterSale is one case, as the events give it.
type afterSale struct {
	id            string
	lines         []string
	opened, close int64 // -1 unknown
}

// fold computes the book's entries and states from its accrual, its events
// and the ledger's sweeps. It fails when an event cannot apply: a refund of
// an unknown line or of more than remains, a milestone or a case event
// twice.
func (b *book) fold(sweeps []sweep) error {
	a := &b.acc
	n := len(a.Shares)
	b.entries = make([]bookEntry, 0, 3*n+2)
	b.stage = make([]Stage, n)
	b.amount = make([]int64, n)
	b.paid = make([]int64, len(a.Lines))
	b.qty = make([]int64, len(a.Lines))
	b.refunds = nil
	b.pending, b.lastRelease, b.swept = 0, math.MinInt64, math.MinInt64
	created := a.At.UnixNano()
	b.last = created
	if n := len(b.events); n > 0 {
		b.last = max(created, b.events[n-1].at)
	}
	for i, s := range a.Shares {
		b.stage[i] = Estimated
		b.amount[i] = s.Amount.Units()
		if s.Amount.IsZero() {
			continue
		}
		b.entries = append(b.entries, bookEntry{at: created, amount: s.Amount.Units(), share: int32(i), ev: -1, kind: Accrued, to: Estimated})
	}
	for li, l := range a.Lines {
		b.paid[li], b.qty[li] = l.Paid.Units(), l.Quantity
	}
	// The milestones and cases, whatever their place in the fold.
	var when [numMilestones]int64
	for i := range when {
		when[i] = math.MaxInt64
	}
	for _, ev := range b.events {
		if ev.kind == evProgress {
			if when[ev.milestone] != math.MaxInt64 {
				return fmt.Errorf("%v reached twice (event %q): %w", ev.milestone, ev.key, ErrConflict)
			}
			when[ev.milestone] = ev.at
		}
	}
	cases, err := b.cases()
	if err != nil {
		return err
	}
	b.due = math.MaxInt64
	if t := when[a.Hold.Release]; t != math.MaxInt64 {
		var ok bool
		if b.due, ok = add64(t, int64(a.Hold.Days)*int64(24*time.Hour)); !ok {
			b.due = math.MaxInt64 // beyond 2262: never due
		}
	}
	credit := when[a.Hold.Credit]
	// Fold the events and the sweeps from the hold's end in time order.
	si, _ := slices.BinarySearchFunc(sweeps, b.due, func(s sweep, t int64) int {
		switch {
		case s.at < t:
			return -1
		case s.at > t:
			return 1
		}
		return 0
	})
	if b.due == math.MaxInt64 {
		si = len(sweeps)
	}
	credited := false
	var buf [maxChain * 2]int64
	for ei := 0; ei < len(b.events) || si < len(sweeps); {
		if ei == len(b.events) || si < len(sweeps) && sweeps[si].at < b.events[ei].at {
			b.sweep(sweeps[si].at, cases)
			b.swept = sweeps[si].at
			si++
			continue
		}
		ev := &b.events[ei]
		switch ev.kind {
		case evProgress:
			if ev.milestone == a.Hold.Credit && ev.at == credit && !credited {
				credited = true
				for i := range b.stage {
					b.stage[i] = Pending
					b.pending++
					if v := b.amount[i]; v != 0 {
						b.entries = append(b.entries, bookEntry{at: ev.at, amount: v, share: int32(i), ev: int32(ei), kind: Credited, from: Estimated, to: Pending})
					}
				}
			}
		case evRefund:
			if err := b.refund(int32(ei), ev, buf[:]); err != nil {
				return err
			}
		}
		ei++
	}
	return nil
}

// cases returns the book's after-sale cases from its events, whatever
// their place in the fold. It fails on a case opened or closed twice, an
// unknown line, or a close before its open; fold has checked every book a
// ledger holds, so later callers ignore the error.
func (b *book) cases() ([]afterSale, error) {
	var cases []afterSale
	for _, ev := range b.events {
		if ev.kind != evOpened && ev.kind != evClosed {
			continue
		}
		j := slices.IndexFunc(cases, func(c afterSale) bool { return c.id == ev.caseID })
		if j < 0 {
			cases = append(cases, afterSale{id: ev.caseID, opened: -1, close: -1})
			j = len(cases) - 1
		}
		c := &cases[j]
		if ev.kind == evOpened {
			if c.opened >= 0 {
				return nil, fmt.Errorf("after-sale %q opened twice (event %q): %w", ev.caseID, ev.key, ErrConflict)
			}
			c.opened, c.lines = ev.at, ev.lines
			for _, id := range ev.lines {
				if b.lineIndex(id) < 0 {
					return nil, fmt.Errorf("after-sale %q: line %q: %w", ev.caseID, id, ErrUnknownLine)
				}
			}
		} else {
			if c.close >= 0 {
				return nil, fmt.Errorf("after-sale %q closed twice (event %q): %w", ev.caseID, ev.key, ErrConflict)
			}
			c.close = ev.at
		}
	}
	for _, c := range cases {
		if c.opened >= 0 && c.close >= 0 && c.close < c.opened {
			return nil, fieldErr(fmt.Sprintf("after-sale %q: closed", c.id), "before it opened")
		}
	}
	return cases, nil
}

// lineIndex returns the index of the order line with the ID, or -1.
func (b *book) lineIndex(id string) int {
	for i, l := range b.acc.Lines {
		if !l.Shipping && l.ID == id {
			return i
		}
	}
	return -1
}

// refund applies one refund event.
func (b *book) refund(ei int32, ev *orderEvent, buf []int64) error {
	a := &b.acc
	for _, it := range ev.refunds {
		li := len(a.Lines) - 1
		if it.Shipping {
			if !a.Lines[li].Shipping {
				continue // the plan's base has no shipping: nothing to claw back
			}
		} else if li = b.lineIndex(it.Line); li < 0 {
			return fmt.Errorf("refund %q: line %q: %w", ev.key, it.Line, ErrUnknownLine)
		}
		if it.Amount.Currency() != a.Currency {
			return &commerce.MismatchError{A: a.Currency, B: it.Amount.Currency()}
		}
		if it.Amount.Units() > b.paid[li] || it.Quantity > b.qty[li] {
			return fmt.Errorf("refund %q: line %q: %v and %d units, but %v and %d units remain: %w", ev.key, it.Line,
				it.Amount, it.Quantity, commerce.MustNewMoney(b.paid[li], a.Currency), b.qty[li], ErrRefundExceeds)
		}
		b.paid[li] -= it.Amount.Units()
		b.qty[li] -= it.Quantity
		if b.refunds == nil {
			b.refunds = make([][]refundNote, len(a.Lines))
		}
		b.refunds[li] = append(b.refunds[li], refundNote{key: ev.key, at: ev.at, qty: it.Quantity, amount: it.Amount.Units()})
		lo, hi := b.start[li], b.start[li+1]
		if _, err := a.lineAmounts(li, lo, hi, b.paid[li], b.qty[li], buf); err != nil {
			return fmt.Errorf("refund %q: line %q: %w", ev.key, it.Line, err)
		}
		for i := lo; i < hi; i++ {
			if d := b.amount[i] - buf[i-lo]; d != 0 {
				b.entries = append(b.entries, bookEntry{at: ev.at, amount: d, share: int32(i), ev: ei, kind: Reversed, from: b.stage[i]})
				b.amount[i] = buf[i-lo]
			}
		}
	}
	return nil
}

// sweep releases, at t, the pending shares on lines without an open case.
func (b *book) sweep(t int64, cases []afterSale) {
	if t < b.due {
		return
	}
	for i := range b.stage {
		if b.stage[i] != Pending {
			continue
		}
		line := b.acc.Shares[i].Line
		if b.blocked(line, t, cases) {
			continue
		}
		b.stage[i] = Available
		b.pending--
		b.lastRelease = t
		if v := b.amount[i]; v != 0 {
			b.entries = append(b.entries, bookEntry{at: t, amount: v, share: int32(i), ev: -2, kind: Released, from: Pending, to: Available})
		}
	}
}

// blocked reports whether an after-sale case is open on line li at t.
func (b *book) blocked(li int, t int64, cases []afterSale) bool {
	l := &b.acc.Lines[li]
	for _, c := range cases {
		if c.opened < 0 || c.opened > t || c.close >= 0 && c.close <= t {
			continue
		}
		if len(c.lines) == 0 || !l.Shipping && slices.Contains(c.lines, l.ID) {
			return true
		}
	}
	return false
}

// beneficiaries lists the book's beneficiaries, sorted, once each.
func (b *book) beneficiaries() []string {
	out := make([]string, 0, len(b.acc.Shares))
	for _, s := range b.acc.Shares {
		out = append(out, s.Beneficiary)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// appendEntries appends the book's entries of the beneficiaries keep
// accepts.
func (b *book) appendEntries(out []Entry, sweeps []sweep, keep func(string) bool) []Entry {
	a := &b.acc
	for _, e := range b.entries {
		s := &a.Shares[e.share]
		if !keep(s.Beneficiary) {
			continue
		}
		var key string
		switch {
		case e.ev == -1:
			key = a.EventKey()
		case e.ev == -2:
			i, _ := slices.BinarySearchFunc(sweeps, e.at, func(s sweep, t int64) int {
				switch {
				case s.at < t:
					return -1
				case s.at > t:
					return 1
				}
				return 0
			})
			key = sweeps[i].key
		default:
			key = b.events[e.ev].key
		}
		out = append(out, Entry{
			At: time.Unix(0, e.at).UTC(), Key: key, Kind: e.kind, From: e.from, To: e.to,
			Beneficiary: s.Beneficiary, Amount: commerce.MustNewMoney(e.amount, a.Currency),
			Order: a.Order, Share: int(e.share),
		})
	}
	return out
}
