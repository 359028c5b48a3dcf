package referral

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// Stage is where commission money is in its life.
//
//	estimated ─credit─▶ pending ─release─▶ available ─withdraw─▶ withdrawing ─paid─▶ paid out
//	                                            ▲                      │
//	                                            └──────── failed ──────┘
//
// Refunds take from whatever stage a share is in; adjustments and
// conversions act on available.
type Stage uint8

// The stages. The zero value is outside the ledger: where accruals come
// from and reversals go.
const (
	// Outside is money not (or no longer) owed to the beneficiary.
	Outside Stage = iota
	// Estimated is commission on an order not yet credited.
	Estimated
	// Pending is credited commission on hold.
	Pending
	// Available may be withdrawn.
	Available
	// Withdrawing is being paid out.
	Withdrawing
	// PaidOut has been paid.
	PaidOut
	numStages
)

var stageNames = [numStages]string{"outside", "estimated", "pending", "available", "withdrawing", "paid out"}

// String returns the stage's name, such as "pending".
func (s Stage) String() string {
	if s < numStages {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// EntryKind says what an entry records.
type EntryKind uint8

// The entry kinds. Entry times are in UTC.
const (
	// Accrued: a share estimated when the order was created
	// (outside → estimated).
	Accrued EntryKind = iota + 1
	// Credited: a share credited (estimated → pending).
	Credited
	// Released: a hold released (pending → available).
	Released
	// Reversed: a refund's clawback (a stage → outside).
	Reversed
	// Withdrawn: a withdrawal (available → withdrawing).
	Withdrawn
	// Disbursed: a withdrawal paid out (withdrawing → paid out).
	Disbursed
	// Failed: a withdrawal failed (withdrawing → available).
	Failed
	// Adjusted: an adjustment (outside → available, signed).
	Adjusted
	// ConvertedOut and ConvertedIn are the two sides of a conversion
	// (available → outside in one currency, outside → available in the
	// other).
	ConvertedOut
	ConvertedIn
	numEntryKinds
)

var entryNames = [numEntryKinds]string{"", "accrued", "credited", "released", "reversed", "withdrawn", "paid out", "failed", "adjusted", "converted out", "converted in"}

// String returns the kind's name, such as "reversed".
func (k EntryKind) String() string {
	if k > 0 && k < numEntryKinds {
		return entryNames[k]
	}
	return fmt.Sprintf("EntryKind(%d)", uint8(k))
}

// Entry is one movement of money between two stages of one beneficiary's
// account. Entries are never edited: a refund is a Reversed entry, a failed
// payout a Failed one. The balance of a stage is the sum of the entries
// into it less the sum of those out of it.
type Entry struct {
	// At is when it happened; Key is the idempotency key of the event that
	// made it.
	At  time.Time
	Key string
	// Kind is what it records; From and To are the stages it moves between.
	Kind     EntryKind
	From, To Stage
	// Beneficiary is whose account moves.
	Beneficiary string
	// Amount is what moves; negative only for a negative adjustment or a
	// ceiling correction.
	Amount commerce.Money
	// Order and Share locate a share's entry: the order's ID and the index
	// into its accrual's Shares. Share is -1 for account entries.
	Order string
	Share int
	// Rate is a conversion's rate; zero otherwise.
	Rate commerce.Rate
}

// Ledger is the append-only commission ledger of a programme: the accruals
// of orders, the events that move their shares between stages, and the
// beneficiaries' withdrawals, adjustments and conversions.
//
// A Ledger is a value. [Ledger.Apply] returns a new ledger and leaves the
// receiver unchanged; the two share structure (a persistent map), so an
// apply costs the event's work plus a logarithmic path copy, not a copy of
// the ledger. Ledgers are safe to read and apply from many goroutines.
//
// The ledger is a function of the set of events it has accepted: each
// order's events are folded in time order (ties by milestone, then key)
// whatever order they arrived in, and account events only add, so
// duplicates and any permutation of a valid stream (accruals first, since
// an event for an unknown order is an error) give the identical ledger.
// Append-only is in event time: no event edits another's entries, but an
// event that arrives late, dated before others of its order, takes its
// place in the order's history, and the entries after it are derived
// again (a refund dated before a sweep is reversed from pending, not from
// available). A statement of a period can therefore change when a
// backdated event arrives; statements of periods whose events have all
// arrived never do. The zero Ledger is empty and ready to use.
type Ledger struct {
	orders   persist.Map[*book]
	accounts persist.Map[*account]
	keys     persist.Map[string] // idempotency key → fingerprint, or accrualMark
	sweeps   []sweep             // by time, then key
	// requests and outcomes pair withdrawals with their outcomes, by the
	// withdrawal's key.
	requests, outcomes persist.Map[Entry]
}

// sweep is a recorded Release.
type sweep struct {
	at  int64
	key string
}

const accrualMark = "\x00accrual"

// Apply applies the events in order and returns the new ledger. If any
// event fails, it returns the receiver unchanged and an error naming the
// event: [ErrUnknownOrder], [ErrUnknownLine], [ErrRefundExceeds],
// [ErrConflict], a malformed field ([commerce.ErrInvalid]), an amount in
// the wrong currency ([commerce.ErrCurrencyMismatch]) or a balance beyond
// int64 ([commerce.ErrOverflow]).
func (l Ledger) Apply(events ...Event) (Ledger, error) {
	out := l
	for i, e := range events {
		var err error
		if out, err = out.apply(e); err != nil {
			if len(events) > 1 {
				err = fmt.Errorf("referral: events[%d]: %w", i, err)
			}
			return l, err
		}
	}
	return out, nil
}

func (l Ledger) apply(e Event) (Ledger, error) {
	if e == nil {
		return l, fieldErr("event", "nil")
	}
	if err := checkEvent(e); err != nil {
		return l, err
	}
	key := e.EventKey()
	if a, ok := e.(Accrual); ok {
		return l.accrue(a)
	}
	f := e.fingerprint()
	if old, ok := l.keys.Get(key); ok {
		if old == f {
			return l, nil
		}
		return l, fmt.Errorf("referral: event %q: key already used for another event: %w", key, ErrConflict)
	}
	var err error
	switch e := e.(type) {
	case Progress:
		l, err = l.orderEvent(e.Order, orderEvent{key: key, at: e.At.UnixNano(), kind: evProgress, milestone: e.Milestone})
	case AfterSaleOpened:
		l, err = l.orderEvent(e.Order, orderEvent{key: key, at: e.At.UnixNano(), kind: evOpened, caseID: e.Case, lines: slices.Clone(e.Lines)})
	case AfterSaleClosed:
		l, err = l.orderEvent(e.Order, orderEvent{key: key, at: e.At.UnixNano(), kind: evClosed, caseID: e.Case})
	case Refunded:
		l, err = l.orderEvent(e.Order, orderEvent{key: key, at: e.At.UnixNano(), kind: evRefund, refunds: slices.Clone(e.Items)})
	case Release:
		l, err = l.release(sweep{at: e.At.UnixNano(), key: key})
	default:
		l, err = l.accountEvent(e)
	}
	if err != nil {
		return l, err
	}
	l.keys = l.keys.Set(key, f)
	return l, nil
}

// accrue records an accrual.
func (l Ledger) accrue(a Accrual) (Ledger, error) {
	key := a.EventKey()
	if b, ok := l.orders.Get(a.Order); ok {
		if accrualEqual(&b.acc, &a) {
			return l, nil
		}
		return l, fmt.Errorf("referral: accrual %q: order already accrued differently: %w", a.Order, ErrConflict)
	}
	if _, ok := l.keys.Get(key); ok {
		return l, fmt.Errorf("referral: accrual %q: key already used: %w", a.Order, ErrConflict)
	}
	a.Lines = slices.Clone(a.Lines)
	a.Shares = slices.Clone(a.Shares)
	b := &book{acc: a, start: a.lineRanges()}
	if err := b.fold(l.sweeps); err != nil {
		return l, err
	}
	l.orders = l.orders.Set(a.Order, b)
	l.keys = l.keys.Set(key, accrualMark)
	accts, err := applyDelta(l.accounts, &a, nil, b)
	if err != nil {
		return l, err
	}
	l.accounts = accts
	for _, ben := range b.beneficiaries() {
		ak := accountKey(ben, a.Currency)
		acc, _ := l.accounts.Get(ak)
		n := acc.clone(ben, a.Currency)
		n.orders = n.orders.Append(a.Order)
		l.accounts = l.accounts.Set(ak, n)
	}
	return l, nil
}

func accrualEqual(a, b *Accrual) bool {
	return a.Order == b.Order && a.Buyer == b.Buyer && a.At.Equal(b.At) && a.Plan == b.Plan && a.Version == b.Version &&
		a.Currency == b.Currency && a.Basis == b.Basis && a.Rounding == b.Rounding && a.Ceiling == b.Ceiling &&
		a.Hold == b.Hold && slices.Equal(a.Lines, b.Lines) && slices.Equal(a.Shares, b.Shares)
}

// orderEvent adds an event to an order's book and refolds it.
func (l Ledger) orderEvent(order string, ev orderEvent) (Ledger, error) {
	b, ok := l.orders.Get(order)
	if !ok {
		return l, fmt.Errorf("referral: event %q: order %q: %w", ev.key, order, ErrUnknownOrder)
	}
	if ev.at < b.acc.At.UnixNano() {
		return l, fieldErr(fmt.Sprintf("event %q: at", ev.key), "before order %q was created", order)
	}
	nb := &book{acc: b.acc, start: b.start, events: insertEvent(b.events, ev)}
	if err := nb.fold(l.sweeps); err != nil {
		return l, fmt.Errorf("referral: event %q: order %q: %w", ev.key, order, err)
	}
	accts, err := applyDelta(l.accounts, &b.acc, b, nb)
	if err != nil {
		return l, err
	}
	l.orders = l.orders.Set(order, nb)
	l.accounts = accts
	return l, nil
}

// insertEvent returns a copy of evs with ev in its place in the fold order.
func insertEvent(evs []orderEvent, ev orderEvent) []orderEvent {
	i, _ := slices.BinarySearchFunc(evs, ev, compareEvents)
	out := make([]orderEvent, 0, len(evs)+1)
	out = append(out, evs[:i]...)
	out = append(out, ev)
	return append(out, evs[i:]...)
}

// compareEvents orders an order's events: by time; at one instant by
// milestone first (payment before receipt before completion before window
// close), then after-sales opened, refunds, after-sales closed; then by key.
func compareEvents(a, b orderEvent) int {
	return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.rank(), b.rank()), cmp.Compare(a.key, b.key))
}

// release records a sweep and applies it to every order it may change.
// An order whose events and earlier sweeps all precede the sweep (the
// common case: sweeps run forward in time) takes it as one more step of
// its fold; any other is refolded whole.
func (l Ledger) release(s sweep) (Ledger, error) {
	i, _ := slices.BinarySearchFunc(l.sweeps, s, func(a, b sweep) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.key, b.key))
	})
	sweeps := make([]sweep, 0, len(l.sweeps)+1)
	sweeps = append(append(append(sweeps, l.sweeps[:i]...), s), l.sweeps[i:]...)
	deltas := map[acctKey]*[numStages]int64{}
	l.orders = l.orders.Update(func(_ string, b *book) (*book, bool) {
		if b.due > s.at || b.pending == 0 && b.lastRelease <= s.at {
			return b, false
		}
		if s.at >= b.last && s.at >= b.swept {
			nb := *b
			nb.stage = slices.Clone(b.stage)
			nb.entries = slices.Grow(slices.Clip(b.entries), b.pending) // at most one entry per pending share
			cases, _ := b.cases()
			nb.sweep(s.at, cases)
			nb.swept = s.at
			addDelta(deltas, &b.acc, nil, nb.entries[len(b.entries):])
			return &nb, true
		}
		nb := &book{acc: b.acc, start: b.start, events: b.events}
		if err := nb.fold(sweeps); err != nil {
			return b, false // cannot happen: the same events folded before
		}
		addDelta(deltas, &b.acc, b.entries, nb.entries)
		return nb, true
	})
	accts, err := applyDeltas(l.accounts, deltas)
	if err != nil {
		return Ledger{}, err
	}
	l.accounts = accts
	l.sweeps = sweeps
	return l, nil
}

// Len returns the number of entries in the ledger.
func (l Ledger) Len() int {
	n := 0
	for _, b := range l.orders.All() {
		n += len(b.entries)
	}
	for _, a := range l.accounts.All() {
		n += a.own.Len()
	}
	return n
}

// Accrual returns the accrual of an order, or false.
func (l Ledger) Accrual(order string) (Accrual, bool) {
	b, ok := l.orders.Get(order)
	if !ok {
		return Accrual{}, false
	}
	a := b.acc
	a.Lines = slices.Clone(a.Lines)
	a.Shares = slices.Clone(a.Shares)
	return a, true
}

// Balance is a beneficiary's money in one currency, by stage.
type Balance struct {
	// Currency is the balance's currency.
	Currency commerce.Currency
	// Estimated, Pending, Available, Withdrawing and PaidOut are the
	// stages' sums. Available may be negative after a clawback of paid-out
	// commission; the next payout nets it.
	Estimated, Pending, Available, Withdrawing, PaidOut commerce.Money
}

// Balances returns a beneficiary's balances, one per currency in currency
// order; none when the ledger has no entry for them.
func (l Ledger) Balances(beneficiary string) []Balance {
	var out []Balance
	for _, c := range commerce.Currencies() {
		if a, ok := l.accounts.Get(accountKey(beneficiary, c)); ok {
			out = append(out, a.balance())
		}
	}
	return out
}

// Balance returns a beneficiary's balance in one currency; all zero when
// the ledger has no entry for them.
func (l Ledger) Balance(beneficiary string, c commerce.Currency) Balance {
	if a, ok := l.accounts.Get(accountKey(beneficiary, c)); ok {
		return a.balance()
	}
	z := commerce.Money{}
	if m, err := commerce.NewMoney(0, c); err == nil {
		z = m
	}
	return Balance{Currency: c, Estimated: z, Pending: z, Available: z, Withdrawing: z, PaidOut: z}
}

// Beneficiaries returns every beneficiary with an account, sorted.
func (l Ledger) Beneficiaries() []string {
	var out []string
	for _, k := range l.accounts.Keys() {
		ben, _, _ := splitAccountKey(k)
		if len(out) == 0 || out[len(out)-1] != ben {
			out = append(out, ben)
		}
	}
	return out
}

// Entries returns every entry, ordered by time, then key, order, share and
// kind: the same ledger always lists the same entries in the same order.
func (l Ledger) Entries() []Entry {
	var out []Entry
	for _, b := range l.orders.All() {
		out = b.appendEntries(out, l.sweeps, func(string) bool { return true })
	}
	for _, a := range l.accounts.All() {
		out = a.appendEntries(out)
	}
	sortEntries(out)
	return out
}

func sortEntries(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Order, b.Order),
			cmp.Compare(a.Share, b.Share), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Beneficiary, b.Beneficiary),
			cmp.Compare(a.Amount.Currency(), b.Amount.Currency()))
	})
}

// BeneficiaryEntries returns the entries of one beneficiary, in the order
// of [Ledger.Entries].
func (l Ledger) BeneficiaryEntries(beneficiary string) []Entry {
	var out []Entry
	mine := func(b string) bool { return b == beneficiary }
	seen := map[string]bool{}
	for _, c := range commerce.Currencies() {
		a, ok := l.accounts.Get(accountKey(beneficiary, c))
		if !ok {
			continue
		}
		out = a.appendEntries(out)
		for _, o := range a.orders.All() {
			if seen[o] {
				continue
			}
			seen[o] = true
			if b, ok := l.orders.Get(o); ok {
				out = b.appendEntries(out, l.sweeps, mine)
			}
		}
	}
	sortEntries(out)
	return out
}

// account is one beneficiary's money in one currency.
type account struct {
	ben    string
	cur    commerce.Currency
	bal    [numStages]int64
	orders persist.List[string]
	own    persist.List[Entry]
}

func (a *account) clone(ben string, c commerce.Currency) *account {
	if a == nil {
		return &account{ben: ben, cur: c}
	}
	n := *a
	return &n
}

func (a *account) balance() Balance {
	m := func(v int64) commerce.Money { return commerce.MustNewMoney(v, a.cur) }
	return Balance{Currency: a.cur, Estimated: m(a.bal[Estimated]), Pending: m(a.bal[Pending]),
		Available: m(a.bal[Available]), Withdrawing: m(a.bal[Withdrawing]), PaidOut: m(a.bal[PaidOut])}
}

func (a *account) appendEntries(out []Entry) []Entry {
	for _, e := range a.own.All() {
		out = append(out, e)
	}
	return out
}

func accountKey(ben string, c commerce.Currency) string { return ben + "\x00" + c.String() }

func splitAccountKey(k string) (string, commerce.Currency, bool) {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == 0 {
			c, err := commerce.ParseCurrency(k[i+1:])
			return k[:i], c, err == nil
		}
	}
	return k, 0, false
}

// move adds v to stage to and takes it from stage from, checking overflow.
func (a *account) move(from, to Stage, v int64) error {
	n := a.bal
	var ok bool
	if from != Outside {
		if n[from], ok = sub64(n[from], v); !ok {
			return commerce.ErrOverflow
		}
	}
	if to != Outside {
		if n[to], ok = add64(n[to], v); !ok {
			return commerce.ErrOverflow
		}
	}
	a.bal = n
	return nil
}

// accountEvent applies a withdrawal, outcome, adjustment or conversion.
func (l Ledger) accountEvent(e Event) (Ledger, error) {
	key := e.EventKey()
	at := e.EventTime().UTC()
	entry := func(kind EntryKind, from, to Stage, ben string, m commerce.Money) Entry {
		return Entry{At: at, Key: key, Kind: kind, From: from, To: to, Beneficiary: ben, Amount: m, Share: -1}
	}
	var entries []Entry
	switch e := e.(type) {
	case Withdrawal:
		entries = []Entry{entry(Withdrawn, Available, Withdrawing, e.Beneficiary, e.Amount)}
	case WithdrawalOutcome:
		if e.Paid {
			entries = []Entry{entry(Disbursed, Withdrawing, PaidOut, e.Beneficiary, e.Amount)}
		} else {
			entries = []Entry{entry(Failed, Withdrawing, Available, e.Beneficiary, e.Amount)}
		}
	case Adjustment:
		entries = []Entry{entry(Adjusted, Outside, Available, e.Beneficiary, e.Amount)}
	case Conversion:
		out := entry(ConvertedOut, Available, Outside, e.Beneficiary, e.From)
		in := entry(ConvertedIn, Outside, Available, e.Beneficiary, e.To)
		out.Rate, in.Rate = e.Rate, e.Rate
		entries = []Entry{out, in}
	}
	if err := l.pairWithdrawal(e); err != nil {
		return l, err
	}
	for _, en := range entries {
		ak := accountKey(en.Beneficiary, en.Amount.Currency())
		old, _ := l.accounts.Get(ak)
		a := old.clone(en.Beneficiary, en.Amount.Currency())
		if err := a.move(en.From, en.To, en.Amount.Units()); err != nil {
			return l, fmt.Errorf("referral: event %q: %w", key, err)
		}
		a.own = a.own.Append(en)
		l.accounts = l.accounts.Set(ak, a)
	}
	return l, nil
}

// pairWithdrawal checks that a withdrawal and its outcome agree on the
// beneficiary and the amount, whichever arrives first, and that a
// withdrawal has one outcome; it records the event for the pairing.
func (l *Ledger) pairWithdrawal(e Event) error {
	switch e := e.(type) {
	case Withdrawal:
		en := Entry{Key: e.Key, Beneficiary: e.Beneficiary, Amount: e.Amount}
		if o, ok := l.outcomes.Get(e.Key); ok && (o.Beneficiary != e.Beneficiary || o.Amount != e.Amount) {
			return fmt.Errorf("referral: withdrawal %q: its outcome %q says %s %v: %w", e.Key, o.Key, o.Beneficiary, o.Amount, ErrConflict)
		}
		l.requests = l.requests.Set(e.Key, en)
	case WithdrawalOutcome:
		en := Entry{Key: e.Key, Beneficiary: e.Beneficiary, Amount: e.Amount}
		if o, ok := l.outcomes.Get(e.Withdrawal); ok {
			return fmt.Errorf("referral: withdrawal %q: outcome %q after outcome %q: %w", e.Withdrawal, e.Key, o.Key, ErrConflict)
		}
		if r, ok := l.requests.Get(e.Withdrawal); ok && (r.Beneficiary != e.Beneficiary || r.Amount != e.Amount) {
			return fmt.Errorf("referral: withdrawal %q: outcome %q says %s %v, the withdrawal %s %v: %w",
				e.Withdrawal, e.Key, e.Beneficiary, e.Amount, r.Beneficiary, r.Amount, ErrConflict)
		}
		l.outcomes = l.outcomes.Set(e.Withdrawal, en)
	}
	return nil
}

// applyDelta moves each beneficiary's balances by the difference between
// an order's entries in book nb and in book ob (nil: none).
func applyDelta(accts persist.Map[*account], a *Accrual, ob, nb *book) (persist.Map[*account], error) {
	deltas := map[acctKey]*[numStages]int64{}
	var old []bookEntry
	if ob != nil {
		old = ob.entries
	}
	addDelta(deltas, a, old, nb.entries)
	return applyDeltas(accts, deltas)
}

// acctKey identifies an account while deltas are summed.
type acctKey struct {
	ben string
	cur commerce.Currency
}

// addDelta adds to deltas, by account, the entries of add less those of
// sub, all of accrual a.
func addDelta(deltas map[acctKey]*[numStages]int64, a *Accrual, sub, add []bookEntry) {
	for sign, es := range [2][]bookEntry{sub, add} {
		for _, e := range es {
			k := acctKey{a.Shares[e.share].Beneficiary, a.Currency}
			d := deltas[k]
			if d == nil {
				d = new([numStages]int64)
				deltas[k] = d
			}
			v := e.amount
			if sign == 0 {
				v = -v
			}
			d[e.from] -= v
			d[e.to] += v
		}
	}
}

// applyDeltas moves the accounts' balances by deltas, in key order.
func applyDeltas(accts persist.Map[*account], deltas map[acctKey]*[numStages]int64) (persist.Map[*account], error) {
	keys := make([]acctKey, 0, len(deltas))
	for k, d := range deltas {
		d[Outside] = 0
		if *d != ([numStages]int64{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b acctKey) int { return cmp.Or(cmp.Compare(a.ben, b.ben), cmp.Compare(a.cur, b.cur)) })
	for _, k := range keys {
		ak := accountKey(k.ben, k.cur)
		old, _ := accts.Get(ak)
		ben := k.ben
		acc := old.clone(ben, k.cur)
		for s, v := range deltas[k] {
			var ok bool
			if acc.bal[s], ok = add64(acc.bal[s], v); !ok {
				return accts, fmt.Errorf("referral: %s's %v balance: %w", ben, Stage(s), commerce.ErrOverflow)
			}
		}
		accts = accts.Set(ak, acc)
	}
	return accts, nil
}

func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0) || b == 0
}

func sub64(a, b int64) (int64, bool) {
	if b == math.MinInt64 {
		return 0, false
	}
	return add64(a, -b)
}
