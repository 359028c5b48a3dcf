package groupchat

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// BookEvent is something a member did that a [TierBook] records:
// [MemberJoined], [Purchase], [PurchaseRefund], [MembershipPaid] and
// [MembershipRefund]. Every event has an idempotency key: recording an
// event whose key the book holds is a no-op when the event is the same
// and [ErrConflict] when it differs, so a webhook delivered twice counts
// once and never restarts a grace period. The interface is sealed.
type BookEvent interface {
	// EventKey returns the event's idempotency key.
	EventKey() string
	// EventTime returns when the event happened.
	EventTime() time.Time
	// check validates the event's own fields and returns its fingerprint.
	check(t *Tiers) (fingerprint, error)
	// apply checks the event against the book and records it; on error it
	// changes nothing.
	apply(b *TierBook, fp fingerprint) error
}

// fingerprint is an event's content in comparable form, instants as Unix
// nanoseconds, so a duplicate is recognised whatever its time zone.
type fingerprint struct {
	member, ref string
	amount      int64
	t1, t2      int64
}

// MemberJoined reports that a member joined the membership programme. The
// book counts a member's activity from then, and an [Anniversary] window
// counts membership years from its date. Its key is "join/" and the
// member's ID.
type MemberJoined struct {
	// Member is the member's ID.
	Member string
	// At is when they joined.
	At time.Time
}

// EventKey returns "join/" and the member's ID.
func (e MemberJoined) EventKey() string { return "join/" + e.Member }

// EventTime returns At.
func (e MemberJoined) EventTime() time.Time { return e.At }

func (e MemberJoined) check(*Tiers) (fingerprint, error) {
	if err := checkID("member joined: member", e.Member); err != nil {
		return fingerprint{}, err
	}
	at, ok := toNanos(e.At)
	if !ok {
		return fingerprint{}, outOfRange(fmt.Sprintf("member %q joined: at", e.Member), e.At)
	}
	return fingerprint{member: e.Member, t1: at}, nil
}

func (e MemberJoined) apply(b *TierBook, fp fingerprint) error {
	if len(b.members) >= math.MaxInt32 {
		return fieldErr(fmt.Sprintf("member %q joined", e.Member), "the book holds at most %d members", math.MaxInt32)
	}
	if b.index == nil {
		b.index = make(map[string]int32)
	}
	b.index[e.Member] = int32(len(b.members))
	b.members = append(b.members, bookMember{id: e.Member, joined: fp.t1})
	return nil
}

// Purchase reports a paid order: what the member paid for it, after
// discounts, and when. Its key is "order/" and the order's ID, so an order
// counts once however often it is reported. A member's orders may total at
// most math.MaxInt64 minor units, so that their facts can always be summed.
type Purchase struct {
	// Member is the buyer's member ID.
	Member string
	// Order is the order's ID, unique across members.
	Order string
	// Paid is what the member paid, positive, in the policy's currency.
	Paid commerce.Money
	// At is when the order was paid; the order counts in the window and
	// period of this instant, even after refunds.
	At time.Time
}

// EventKey returns "order/" and the order's ID.
func (e Purchase) EventKey() string { return "order/" + e.Order }

// EventTime returns At.
func (e Purchase) EventTime() time.Time { return e.At }

func (e Purchase) check(t *Tiers) (fingerprint, error) {
	if err := checkID("purchase: order", e.Order); err != nil {
		return fingerprint{}, err
	}
	field := fmt.Sprintf("purchase %q", e.Order)
	if err := checkID(field+": member", e.Member); err != nil {
		return fingerprint{}, err
	}
	paid, err := positive(t, field+": paid", e.Paid)
	if err != nil {
		return fingerprint{}, err
	}
	at, ok := toNanos(e.At)
	if !ok {
		return fingerprint{}, outOfRange(field+": at", e.At)
	}
	return fingerprint{member: e.Member, ref: e.Order, amount: paid, t1: at}, nil
}

func (e Purchase) apply(b *TierBook, fp fingerprint) error {
	i, err := b.joinedBy(fmt.Sprintf("purchase %q", e.Order), e.Member, fp.t1)
	if err != nil {
		return err
	}
	m := &b.members[i]
	total, ok := add64(m.paid, fp.amount)
	if !ok {
		return &commerce.FieldError{Field: fmt.Sprintf("purchase %q: paid", e.Order), Err: commerce.ErrOverflow,
			Reason: fmt.Sprintf("member %q's orders would total more than %v", e.Member, commerce.MustNewMoney(math.MaxInt64, b.tiers.policy.Currency))}
	}
	o := bookOrder{at: fp.t1, expires: maxNanos, paid: fp.amount}
	if w := b.tiers.policy.Window; w.Kind == Rolling {
		if n, ok := toNanos(fromNanos(fp.t1, b.tiers.loc).AddDate(0, 0, w.Days)); ok {
			o.expires = n
		}
	}
	if b.orders == nil {
		b.orders = make(map[string]ref)
	}
	b.orders[e.Order] = ref{member: i, pos: int32(len(m.orders))}
	m.orders = append(m.orders, o)
	m.paid = total
	return nil
}

// PurchaseRefund reports money refunded on an order. It takes the amount
// from the spend of the order's window and period, as of the refund's
// time, and an order wholly refunded no longer counts as an order; the
// facts keep the refunds apart, so the next assignment evaluates the tier
// again at once, without the grace or holds that spend ageing out of the
// window has (see [Tiers.Assign]). Its key is "refund/" and Key.
type PurchaseRefund struct {
	// Key is the refund's ID.
	Key string
	// Member is the buyer's member ID.
	Member string
	// Order is the refunded order's ID.
	Order string
	// Amount is the money refunded, positive; with the order's earlier
	// refunds at most what was paid.
	Amount commerce.Money
	// At is when the refund succeeded, not before the order.
	At time.Time
}

// EventKey returns "refund/" and Key.
func (e PurchaseRefund) EventKey() string { return "refund/" + e.Key }

// EventTime returns At.
func (e PurchaseRefund) EventTime() time.Time { return e.At }

func (e PurchaseRefund) check(t *Tiers) (fingerprint, error) {
	if err := checkID("refund: key", e.Key); err != nil {
		return fingerprint{}, err
	}
	field := fmt.Sprintf("refund %q", e.Key)
	if err := checkID(field+": member", e.Member); err != nil {
		return fingerprint{}, err
	}
	if err := checkID(field+": order", e.Order); err != nil {
		return fingerprint{}, err
	}
	amount, err := positive(t, field+": amount", e.Amount)
	if err != nil {
		return fingerprint{}, err
	}
	at, ok := toNanos(e.At)
	if !ok {
		return fingerprint{}, outOfRange(field+": at", e.At)
	}
	return fingerprint{member: e.Member, ref: e.Order, amount: amount, t1: at}, nil
}

func (e PurchaseRefund) apply(b *TierBook, fp fingerprint) error {
	field := fmt.Sprintf("refund %q", e.Key)
	r, ok := b.orders[e.Order]
	if !ok {
		return fmt.Errorf("groupchat: %s: %w %q", field, ErrUnknownOrder, e.Order)
	}
	m := &b.members[r.member]
	if m.id != e.Member {
		return fieldErr(field+": member", "order %q is %q's, not %q's", e.Order, m.id, e.Member)
	}
	o := &m.orders[r.pos]
	if fp.t1 < o.at {
		return fieldErr(field+": at", "%s is before the order", e.At.Format(time.RFC3339))
	}
	if o.refunded > o.paid-fp.amount {
		return fmt.Errorf("groupchat: %s: %v on order %q, which has %v left: %w", field, e.Amount, e.Order,
			commerce.MustNewMoney(o.paid-o.refunded, b.tiers.policy.Currency), commerce.ErrRefundExceedsPaid)
	}
	o.refunded += fp.amount
	o.refunds = append(o.refunds, bookRefund{at: fp.t1, amount: fp.amount})
	return nil
}

// MembershipPaid reports a paid membership: the member paid for a tier
// whose requirement asks for one ([Requirement.Paid]) up to a paid-through
// date. Payments add up: a member who pays for a lower tier keeps the
// higher one they paid for until its paid-through date plus the policy's
// paid grace, so a downgrade never cuts paid time. Its key is "payment/"
// and Key.
type MembershipPaid struct {
	// Key is the payment's ID.
	Key string
	// Member is the member's ID.
	Member string
	// Tier is the ID of the tier paid for.
	Tier string
	// At is when the payment was made; it gives access from then.
	At time.Time
	// Through is the paid-through date, after At.
	Through time.Time
}

// EventKey returns "payment/" and Key.
func (e MembershipPaid) EventKey() string { return "payment/" + e.Key }

// EventTime returns At.
func (e MembershipPaid) EventTime() time.Time { return e.At }

func (e MembershipPaid) check(t *Tiers) (fingerprint, error) {
	if err := checkID("membership payment: key", e.Key); err != nil {
		return fingerprint{}, err
	}
	field := fmt.Sprintf("membership payment %q", e.Key)
	if err := checkID(field+": member", e.Member); err != nil {
		return fingerprint{}, err
	}
	rank, ok := t.Rank(e.Tier)
	switch {
	case !ok:
		return fingerprint{}, fieldErr(field+": tier", "unknown tier %q", e.Tier)
	case !t.rules[rank].paid:
		return fingerprint{}, fieldErr(field+": tier", "tier %q is not sold: its requirement asks for no paid membership", e.Tier)
	}
	at, ok := toNanos(e.At)
	if !ok {
		return fingerprint{}, outOfRange(field+": at", e.At)
	}
	through, ok := toNanos(e.Through)
	if !ok {
		return fingerprint{}, outOfRange(field+": through", e.Through)
	}
	if through <= at {
		return fingerprint{}, fieldErr(field+": through", "%s is not after the payment", e.Through.Format(time.RFC3339))
	}
	return fingerprint{member: e.Member, ref: e.Tier, amount: int64(rank), t1: at, t2: through}, nil
}

func (e MembershipPaid) apply(b *TierBook, fp fingerprint) error {
	i, err := b.joinedBy(fmt.Sprintf("membership payment %q", e.Key), e.Member, fp.t1)
	if err != nil {
		return err
	}
	if b.payments == nil {
		b.payments = make(map[string]ref)
	}
	m := &b.members[i]
	b.payments[e.Key] = ref{member: i, pos: int32(len(m.payments))}
	m.payments = append(m.payments, bookPayment{tier: int(fp.amount), at: fp.t1, through: fp.t2, refunded: noTime, cut: noTime})
	return nil
}

// MembershipRefund reports a membership payment refunded. A refund gives
// money back, not time: by default the member keeps access until the
// payment's paid-through date plus the policy's paid grace, as
// worldwideview #504 asks of a refund, an expiry or a downgrade. A
// pro-rata refund that also ends the paid time says so with Through: from
// the refund on, the payment pays only through that date, and the paid
// grace runs from it. A refund touches no other payment, and a payment is
// refunded at most once. Its key is "payment-refund/" and Key.
type MembershipRefund struct {
	// Key is the refund's ID.
	Key string
	// Member is the member's ID.
	Member string
	// Payment is the refunded [MembershipPaid]'s Key.
	Payment string
	// At is when the refund succeeded, not before the payment.
	At time.Time
	// Through is zero to keep the payment's paid-through date, or the
	// earlier date the refund ends the paid time at: not before At (a
	// refund cannot take back time already given) and not after the
	// payment's own paid-through date.
	Through time.Time
}

// EventKey returns "payment-refund/" and Key.
func (e MembershipRefund) EventKey() string { return "payment-refund/" + e.Key }

// EventTime returns At.
func (e MembershipRefund) EventTime() time.Time { return e.At }

func (e MembershipRefund) check(*Tiers) (fingerprint, error) {
	if err := checkID("membership refund: key", e.Key); err != nil {
		return fingerprint{}, err
	}
	field := fmt.Sprintf("membership refund %q", e.Key)
	if err := checkID(field+": member", e.Member); err != nil {
		return fingerprint{}, err
	}
	if err := checkID(field+": payment", e.Payment); err != nil {
		return fingerprint{}, err
	}
	at, ok := toNanos(e.At)
	if !ok {
		return fingerprint{}, outOfRange(field+": at", e.At)
	}
	through := int64(noTime)
	if !e.Through.IsZero() {
		if through, ok = toNanos(e.Through); !ok {
			return fingerprint{}, outOfRange(field+": through", e.Through)
		}
		if through < at {
			return fingerprint{}, fieldErr(field+": through", "%s is before the refund", e.Through.Format(time.RFC3339))
		}
	}
	return fingerprint{member: e.Member, ref: e.Payment, t1: at, t2: through}, nil
}

func (e MembershipRefund) apply(b *TierBook, fp fingerprint) error {
	field := fmt.Sprintf("membership refund %q", e.Key)
	r, ok := b.payments[e.Payment]
	if !ok {
		return fmt.Errorf("groupchat: %s: %w: payment %q", field, ErrUnknownOrder, e.Payment)
	}
	m := &b.members[r.member]
	if m.id != e.Member {
		return fieldErr(field+": member", "payment %q is %q's, not %q's", e.Payment, m.id, e.Member)
	}
	p := &m.payments[r.pos]
	switch {
	case fp.t1 < p.at:
		return fieldErr(field+": at", "%s is before the payment", e.At.Format(time.RFC3339))
	case fp.t2 != noTime && fp.t2 > p.through:
		return fieldErr(field+": through", "%s is after the payment's paid-through date %s", e.Through.Format(time.RFC3339),
			fromNanos(p.through, b.tiers.loc).Format(time.RFC3339))
	case p.refunded != noTime:
		return fmt.Errorf("groupchat: %s: payment %q is already refunded: %w", field, e.Payment, ErrConflict)
	}
	p.refunded, p.cut = fp.t1, fp.t2
	return nil
}

// positive checks a positive amount in the policy's currency.
func positive(t *Tiers, field string, m commerce.Money) (int64, error) {
	if c := m.Currency(); c != t.policy.Currency {
		return 0, &commerce.FieldError{Field: field, Reason: "not in the policy's currency", Err: &commerce.MismatchError{A: t.policy.Currency, B: c}}
	}
	if !m.IsPositive() {
		return 0, fieldErr(field, "want a positive amount, got %v", m)
	}
	return m.Units(), nil
}

// TierBook records what members do, keeps each member's [Standing], and
// assigns tiers under a [Tiers] policy: a mutable aggregate, like a map.
//
// Facts are a function of the set of events recorded, whatever their
// order or duplicates: [TierBook.Facts] at an instant counts the events up
// to it. Standings move only by [TierBook.Assign] and [TierBook.Sweep], at
// instants that never go back for a member; recording an event assigns
// nothing. A duplicate event changes nothing, so it neither counts twice
// nor restarts a grace period.
//
// Make one with [NewTierBook]; the zero TierBook has no policy and records
// nothing.
//
// # Concurrency
//
// A TierBook is not safe for concurrent mutation: [TierBook.Record],
// [TierBook.Assign] and [TierBook.Sweep] must not run at the same time as
// any other call. Concurrent reads ([TierBook.Facts], [TierBook.Standing],
// [TierBook.Explain], [TierBook.Members], [TierBook.Len]) are safe while
// nobody mutates.
type TierBook struct {
	tiers    *Tiers
	index    map[string]int32
	members  []bookMember
	orders   map[string]ref
	payments map[string]ref
	seen     map[string]fingerprint
}

// bookMember is one member's record. paid is what all their orders paid,
// before refunds: it bounds every sum facts makes (spend and refunds, in
// any window), and Record keeps it from overflowing.
type bookMember struct {
	id       string
	joined   int64
	paid     int64
	orders   []bookOrder
	payments []bookPayment
	standing Standing
}

// bookOrder is a purchase: when, what it paid, when it leaves a rolling
// window, and its refunds.
type bookOrder struct {
	at, expires, paid, refunded int64
	refunds                     []bookRefund
}

// bookRefund is a refund of an order.
type bookRefund struct{ at, amount int64 }

// bookPayment is a membership payment; refunded is the refund's time, or
// noTime, and cut the paid-through date a pro-rata refund sets, or noTime.
type bookPayment struct {
	tier                       int
	at, through, refunded, cut int64
}

// ref locates an order or a payment: its member and its position.
type ref struct{ member, pos int32 }

// NewTierBook returns an empty book under the given policy, which must be
// built by [NewTiers]: it refuses a nil or zero *Tiers.
func NewTierBook(t *Tiers) (*TierBook, error) {
	if t == nil {
		return nil, fieldErr("tier book: tiers", "nil")
	}
	if err := t.usable("tier book: tiers"); err != nil {
		return nil, err
	}
	return &TierBook{tiers: t}, nil
}

// Tiers returns the book's policy.
func (b *TierBook) Tiers() *Tiers { return b.tiers }

// Len returns the number of members.
func (b *TierBook) Len() int { return len(b.members) }

// Members returns the members' IDs, sorted, in a fresh slice.
func (b *TierBook) Members() []string {
	ids := make([]string, len(b.members))
	for i := range b.members {
		ids[i] = b.members[i].id
	}
	slices.Sort(ids)
	return ids
}

// Record records one event. A duplicate of an event the book holds (same
// key, same content) is a no-op; the same key with other content is
// [ErrConflict]. It refuses, changing nothing: malformed fields and amounts
// in another currency ([commerce.ErrInvalid], [commerce.ErrCurrencyMismatch]);
// an event for a member who has not joined ([ErrUnknownMember]) or dated
// before they joined; an order ID reused; a refund of an unknown order or
// payment ([ErrUnknownOrder]), for another member, before the order or
// payment, beyond what remains paid ([commerce.ErrRefundExceedsPaid]), or of
// a payment already refunded ([ErrConflict]); a payment for a tier that is
// not sold; a purchase that would take the member's orders past
// math.MaxInt64 minor units in all, which facts could not total
// ([commerce.ErrOverflow]).
func (b *TierBook) Record(e BookEvent) error {
	switch {
	case b.tiers == nil:
		return fieldErr("tier book", "no policy: make the book with NewTierBook")
	case e == nil:
		return fieldErr("tier book: event", "nil")
	}
	fp, err := e.check(b.tiers)
	if err != nil {
		return err
	}
	key := e.EventKey()
	if old, ok := b.seen[key]; ok {
		if old == fp {
			return nil
		}
		return fmt.Errorf("groupchat: tier book: event %q: %w", key, ErrConflict)
	}
	if err := e.apply(b, fp); err != nil {
		return err
	}
	if b.seen == nil {
		b.seen = make(map[string]fingerprint)
	}
	b.seen[key] = fp
	return nil
}

// lookup returns the index of a member.
func (b *TierBook) lookup(op, member string) (int32, error) {
	i, ok := b.index[member]
	if !ok {
		return 0, fmt.Errorf("groupchat: %s: %w %q", op, ErrUnknownMember, member)
	}
	return i, nil
}

// joinedBy returns the index of a member who joined by the instant at.
func (b *TierBook) joinedBy(op, member string, at int64) (int32, error) {
	i, err := b.lookup(op, member)
	if err != nil {
		return 0, err
	}
	if at < b.members[i].joined {
		return 0, fieldErr(op+": at", "%s is before member %q joined at %s", fromNanos(at, b.tiers.loc).Format(time.RFC3339),
			member, fromNanos(b.members[i].joined, b.tiers.loc).Format(time.RFC3339))
	}
	return i, nil
}

// Joined returns when a member joined, in the policy's location.
func (b *TierBook) Joined(member string) (time.Time, error) {
	i, err := b.lookup("tier book: joined", member)
	if err != nil {
		return time.Time{}, err
	}
	return fromNanos(b.members[i].joined, b.tiers.loc), nil
}

// Facts returns a member's facts at an instant, from the events up to it:
// spend net of the refunds made by then and orders not wholly refunded, in
// the window containing the instant and the period before it, and the
// highest-tier paid membership that still gives access, with its latest
// paid-through date.
func (b *TierBook) Facts(member string, at time.Time) (Facts, error) {
	i, err := b.lookup("tier book: facts", member)
	if err != nil {
		return Facts{}, err
	}
	n, ok := toNanos(at)
	if !ok {
		return Facts{}, outOfRange("tier book: facts: at", at)
	}
	return b.facts(&b.members[i], n)
}

// facts computes a member's facts at the instant at.
func (b *TierBook) facts(m *bookMember, at int64) (Facts, error) {
	t := b.tiers
	var f Facts
	curStart, prevStart := int64(noTime), int64(noTime)
	if cur, prev, periodic := t.Cycles(fromNanos(at, t.loc), fromNanos(m.joined, t.loc)); periodic {
		var ok bool
		if curStart, ok = toNanos(cur.Start); !ok {
			return Facts{}, outOfRange("tier book: facts: period start", cur.Start)
		}
		if _, ok = toNanos(cur.End); !ok {
			return Facts{}, outOfRange("tier book: facts: period end", cur.End)
		}
		if prevStart, ok = toNanos(prev.Start); !ok {
			prevStart = minNanos
		}
		f.PeriodEnd = cur.End
	}
	var cur, prev figures
	for j := range m.orders {
		o := &m.orders[j]
		if o.at > at {
			continue
		}
		var into *figures
		field := "current"
		switch {
		case curStart == noTime && at < o.expires, curStart != noTime && o.at >= curStart:
			into = &cur
		case curStart != noTime && o.at >= prevStart:
			into, field = &prev, "previous"
		default:
			continue
		}
		refunded := int64(0)
		for _, r := range o.refunds {
			if r.at <= at {
				refunded += r.amount // at most what was paid
			}
		}
		// Record keeps m.paid, which bounds both sums, from overflowing; the
		// checks stay as a guard.
		var ok bool
		if into.spend, ok = add64(into.spend, o.paid-refunded); !ok {
			return Facts{}, fmt.Errorf("groupchat: tier book: member %q: %s spend: %w", m.id, field, commerce.ErrOverflow)
		}
		if into.refunded, ok = add64(into.refunded, refunded); !ok {
			return Facts{}, fmt.Errorf("groupchat: tier book: member %q: %s refunds: %w", m.id, field, commerce.ErrOverflow)
		}
		if refunded < o.paid {
			into.orders++
		} else {
			into.refundedOrders++
		}
	}
	f.Current, f.Previous = cur.export(t.policy.Currency), prev.export(t.policy.Currency)
	best, through := -1, int64(noTime)
	for _, p := range m.payments {
		if p.at > at {
			continue
		}
		end := p.through
		if p.cut != noTime && p.refunded <= at {
			end = p.cut
		}
		if at >= addNanos(end, t.paidGrace) {
			continue
		}
		if p.tier > best || p.tier == best && end > through {
			best, through = p.tier, end
		}
	}
	if best >= 0 {
		f.PaidTier, f.PaidThrough = t.ids[best], fromNanos(through, t.loc)
	}
	return f, nil
}

// add64 adds two int64s and reports false on overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// Standing returns a member's standing as of their last assignment; the
// zero Standing before the first.
func (b *TierBook) Standing(member string) (Standing, error) {
	i, err := b.lookup("tier book: standing", member)
	if err != nil {
		return Standing{}, err
	}
	return b.members[i].standing, nil
}

// Assign assigns a member's tier at an instant, from their standing and
// their facts then, and keeps the new standing. It refuses, changing
// nothing, an instant before the member's last assignment.
func (b *TierBook) Assign(member string, at time.Time) (Standing, error) {
	i, err := b.lookup("tier book: assign", member)
	if err != nil {
		return Standing{}, err
	}
	s, err := b.assign(&b.members[i], at)
	if err != nil {
		return Standing{}, err
	}
	b.members[i].standing = s
	return s, nil
}

// assign computes a member's standing at at without keeping it.
func (b *TierBook) assign(m *bookMember, at time.Time) (Standing, error) {
	n, ok := toNanos(at)
	if !ok {
		return Standing{}, outOfRange("tier book: assign: at", at)
	}
	f, err := b.facts(m, n)
	if err != nil {
		return Standing{}, err
	}
	s, err := b.tiers.Assign(m.standing, f, at)
	if err != nil {
		return Standing{}, fmt.Errorf("groupchat: tier book: member %q: %w", m.id, err)
	}
	return s, nil
}

// Explain explains the assignment [TierBook.Assign] would make at an
// instant, without making it.
func (b *TierBook) Explain(member string, at time.Time) (Explanation, error) {
	i, err := b.lookup("tier book: explain", member)
	if err != nil {
		return Explanation{}, err
	}
	m := &b.members[i]
	n, ok := toNanos(at)
	if !ok {
		return Explanation{}, outOfRange("tier book: explain: at", at)
	}
	f, err := b.facts(m, n)
	if err != nil {
		return Explanation{}, err
	}
	return b.tiers.Explain(m.standing, f, at)
}

// TierChange is a member whose tier a sweep changed.
type TierChange struct {
	// Member is the member's ID.
	Member string
	// From is the tier before, empty for a first assignment; To the tier
	// after.
	From, To string
	// Standing is the new standing.
	Standing Standing
}

// String describes the change, such as "amy: silver → gold".
func (c TierChange) String() string {
	from := c.From
	if from == "" {
		from = "none"
	}
	return fmt.Sprintf("%s: %s → %s", c.Member, from, c.To)
}

// Sweep assigns every member's tier at an instant and returns the members
// whose tier changed, sorted by member ID: the daily run that applies
// rolling windows, period ends, graces and paid-through dates. It is all
// or nothing: if any member's assignment fails (an instant before their
// last one), it returns the first failure by member ID and changes
// nothing.
func (b *TierBook) Sweep(at time.Time) ([]TierChange, error) {
	order := make([]int32, len(b.members))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.members[x].id, b.members[y].id) })
	next := make([]Standing, len(b.members))
	var changes []TierChange
	for _, i := range order {
		m := &b.members[i]
		s, err := b.assign(m, at)
		if err != nil {
			return nil, err
		}
		next[i] = s
		if s.Tier() != m.standing.Tier() {
			changes = append(changes, TierChange{Member: m.id, From: m.standing.Tier(), To: s.Tier(), Standing: s})
		}
	}
	for i := range b.members {
		b.members[i].standing = next[i]
	}
	return changes, nil
}
