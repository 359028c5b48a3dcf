package groupchat

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// fixedDays is the length in days of a fixed block of each period.
var fixedDays = [numPeriods]int64{Day: 1, Week: 7, Month: 30}

// capCivilDay returns the number of days from 1 January 1970 to the date
// y-m-d, negative before it.
func capCivilDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Window returns the window of the cap that holds at: the instants
// [from, to) in loc, and the most broadcasts the cap allows in it, which
// is Limit or, when Limit is zero, the window's number of days.
//
// [CalendarBlocks] windows are the calendar day, the week from Monday and
// the calendar month of at in loc, so a natural month allows 28 to 31
// broadcasts under a zero Limit. [FixedBlocks] windows are blocks of 1, 7
// or 30 days counted from midnight of 1 January 1970 in loc: fixed weeks run from
// Thursday, as that day was. Days are calendar days, so a day with a
// daylight-saving change lasts 23 or 25 hours. A nil loc is UTC; an
// invalid cap returns zero times and limit 0.
func (c Cap) Window(at time.Time, loc *time.Location) (from, to time.Time, limit int) {
	if c.Validate() != nil {
		return time.Time{}, time.Time{}, 0
	}
	if loc == nil {
		loc = time.UTC
	}
	local := at.In(loc)
	y, m, d := local.Date()
	var days int64
	if c.Blocks == CalendarBlocks {
		switch c.Period {
		case Day:
			from, to = time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
		case Week:
			monday := d - (int(local.Weekday())+6)%7
			from, to = time.Date(y, m, monday, 0, 0, 0, 0, loc), time.Date(y, m, monday+7, 0, 0, 0, 0, loc)
		default: // Month
			from, to = time.Date(y, m, 1, 0, 0, 0, 0, loc), time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
		}
		fy, fm, fd := from.Date()
		ty, tm, td := to.Date()
		days = capCivilDay(ty, tm, td) - capCivilDay(fy, fm, fd)
	} else {
		days = fixedDays[c.Period]
		day := capCivilDay(y, m, d)
		start := day - ((day%days)+days)%days // floor to a multiple of days
		from = time.Date(1970, 1, 1+int(start), 0, 0, 0, 0, loc)
		to = time.Date(1970, 1, 1+int(start+days), 0, 0, 0, 0, loc)
	}
	if c.Limit != 0 {
		return from, to, c.Limit
	}
	return from, to, int(days)
}

// compareCaps orders caps by period, then blocks, then limit.
func compareCaps(a, b Cap) int {
	return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(a.Blocks, b.Blocks), cmp.Compare(a.Limit, b.Limit))
}

// Recipient is a member or a group a broadcast goes to. Recipients order
// groups first, then members, each by ID.
type Recipient struct {
	// ID is the member's or the group's ID.
	ID string
	// Group is true for a group, false for a member.
	Group bool
}

// String returns "group" or "member" and the quoted ID, such as
// `group "g-1"`.
func (r Recipient) String() string {
	if r.Group {
		return fmt.Sprintf("group %q", r.ID)
	}
	return fmt.Sprintf("member %q", r.ID)
}

// CapError reports a broadcast refused because a cap binds: the
// recipient has already received Limit broadcasts in the cap's window. It
// matches [ErrCapReached] with errors.Is; get it with errors.As.
type CapError struct {
	// Cap is the cap that binds.
	Cap Cap
	// Recipient is the member or group the cap binds for.
	Recipient Recipient
	// From and To bound the cap's window, [From, To), in the outbox's
	// location.
	From, To time.Time
	// Count is the broadcasts the recipient received in the window.
	Count int
	// Limit is the most the window allows.
	Limit int
}

// Error implements error.
func (e *CapError) Error() string {
	return fmt.Sprintf("groupchat: broadcast to %v: %v: %d of %d sent in [%s, %s): %v", e.Recipient, e.Cap,
		e.Count, e.Limit, e.From.Format(time.RFC3339), e.To.Format(time.RFC3339), ErrCapReached)
}

// Unwrap returns [ErrCapReached].
func (e *CapError) Unwrap() error { return ErrCapReached }

// Broadcast is one mass message (群发) to groups and members, identified
// by an idempotency key. The order of Groups and Members does not matter.
type Broadcast struct {
	// Key identifies the broadcast: sending the same broadcast twice
	// records it once.
	Key string
	// At is when the broadcast goes out.
	At time.Time
	// Groups are the groups it goes to, each once.
	Groups []string
	// Members are the members it goes to, each once.
	Members []string
}

// Validate checks the key, an instant within the years 1678 to 2262, at
// least one recipient, and well-formed recipient IDs without repeats. It
// returns a *[commerce.FieldError].
func (b Broadcast) Validate() error {
	_, _, err := checkBroadcast(b, nil, nil)
	return err
}

// checkBroadcast validates b and returns its groups and members sorted, in
// gs and ms reused. It builds no string unless b is malformed.
func checkBroadcast(b Broadcast, gs, ms []string) ([]string, []string, error) {
	if err := checkID("broadcast: key", b.Key); err != nil {
		return gs, ms, err
	}
	field := func() string { return fmt.Sprintf("broadcast %q", b.Key) }
	if !saneMoment(b.At) {
		return gs, ms, checkMoment(field()+": at", b.At)
	}
	if len(b.Groups)+len(b.Members) == 0 {
		return gs, ms, fieldErr(field(), "no recipients")
	}
	sorted := func(what string, ids, buf []string) ([]string, error) {
		buf = append(buf[:0], ids...)
		slices.Sort(buf)
		for i, id := range buf {
			if p := ident.Problem(id); p != "" {
				return buf, fieldErr(field()+": "+what, "%s", p)
			}
			if i > 0 && id == buf[i-1] {
				return buf, fieldErr(fmt.Sprintf("%s: %s %q", field(), what, id), "repeated")
			}
		}
		return buf, nil
	}
	gs, err := sorted("group", b.Groups, gs)
	if err != nil {
		return gs, ms, err
	}
	ms, err = sorted("member", b.Members, ms)
	return gs, ms, err
}

// capSlot is a recipient's count in its latest window of one cap, which
// starts at from (Unix seconds); noCapWindow before the first broadcast.
type capSlot struct {
	from, count int64
}

const noCapWindow = math.MinInt64

// capWindow is the window of one cap at a broadcast's instant.
type capWindow struct {
	from, to time.Time
	start    int64 // from in Unix seconds
	limit    int
}

// Outbox records broadcasts and enforces frequency caps per recipient,
// as WeCom does for each customer and each customer group: a broadcast
// that would take any recipient over any cap is refused whole, with a
// *[CapError] naming the cap that binds, and nothing is recorded. Caps
// count each group and each member apart; a broadcast to a group does not
// count against its members.
//
// Broadcasts are recorded in time order, as they go out: one earlier than
// the latest recorded is refused ([commerce.ErrInvalid]). This keeps one
// count per recipient and cap, the one of its latest window, so an outbox
// grows with its recipients and keys, not with time.
//
// A key sent again with the same broadcast (the same instant and
// recipients, in any order) is a no-op; with a different one, it is
// [ErrConflict].
//
// The zero Outbox has no caps and counts in UTC; [NewOutbox] sets caps
// and a location. An Outbox is not safe for concurrent use: even
// [Outbox.Check] and [Outbox.Plan] use its scratch space, so calls must
// not overlap.
type Outbox struct {
	loc     *time.Location
	caps    []Cap
	index   [2]map[string]int32 // by recipient kind: 0 member, 1 group
	slots   []capSlot           // len(caps) per recipient
	keys    map[string][sha256.Size]byte
	last    int64 // Unix nanoseconds of the latest broadcast
	scratch struct {
		gs, ms []string
		wins   []capWindow
		buf    []byte
	}
}

// NewOutbox returns an empty outbox enforcing every cap in caps, with the
// calendar of loc. A nil location, an invalid cap or a cap listed twice is
// a *[commerce.FieldError]. A profile's [Profile.Caps] are alternatives,
// its default first: pass the one the account uses, such as p.Caps[0].
func NewOutbox(loc *time.Location, caps ...Cap) (*Outbox, error) {
	if loc == nil {
		return nil, fieldErr("outbox: location", "required")
	}
	cs := slices.Clone(caps)
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("groupchat: outbox: caps[%d]: %w", i, err)
		}
	}
	slices.SortFunc(cs, compareCaps)
	for i := 1; i < len(cs); i++ {
		if cs[i] == cs[i-1] {
			return nil, fieldErr("outbox: caps", "%v listed twice", cs[i])
		}
	}
	return &Outbox{loc: loc, caps: cs}, nil
}

// Caps returns the outbox's caps by period, blocks and limit, in a fresh
// slice.
func (o *Outbox) Caps() []Cap { return slices.Clone(o.caps) }

// Location returns the location of the outbox's calendar.
func (o *Outbox) Location() *time.Location {
	if o.loc == nil {
		return time.UTC
	}
	return o.loc
}

// Len returns the number of broadcasts recorded.
func (o *Outbox) Len() int { return len(o.keys) }

// prepare validates b into the scratch space and checks its key and time.
// It returns done when b is recorded already.
func (o *Outbox) prepare(b Broadcast, keyed bool) (fp [sha256.Size]byte, done bool, err error) {
	s := &o.scratch
	if s.gs, s.ms, err = checkBroadcast(b, s.gs, s.ms); err != nil {
		return fp, false, err
	}
	if keyed {
		fp = o.fingerprint(b.At.UnixNano())
		if prev, ok := o.keys[b.Key]; ok {
			if prev != fp {
				return fp, false, fmt.Errorf("groupchat: broadcast %q: another broadcast has this key: %w", b.Key, ErrConflict)
			}
			return fp, true, nil
		}
	}
	if len(o.keys) > 0 && b.At.UnixNano() < o.last {
		return fp, false, fieldErr(fmt.Sprintf("broadcast %q: at", b.Key), "%s is before the latest broadcast, at %s",
			b.At.Format(time.RFC3339Nano), time.Unix(0, o.last).In(o.Location()).Format(time.RFC3339Nano))
	}
	s.wins = s.wins[:0]
	for _, c := range o.caps {
		from, to, limit := c.Window(b.At, o.Location())
		s.wins = append(s.wins, capWindow{from: from, to: to, start: from.Unix(), limit: limit})
	}
	return fp, false, nil
}

// fingerprint hashes the instant and the sorted recipients in scratch.
func (o *Outbox) fingerprint(at int64) [sha256.Size]byte {
	s := &o.scratch
	buf := binary.BigEndian.AppendUint64(s.buf[:0], uint64(at))
	for _, ids := range [2][]string{s.gs, s.ms} {
		buf = binary.AppendUvarint(buf, uint64(len(ids)))
		for _, id := range ids {
			buf = binary.AppendUvarint(buf, uint64(len(id)))
			buf = append(buf, id...)
		}
	}
	s.buf = buf
	return sha256.Sum256(buf)
}

// binding returns the first cap, in the outbox's order, that one more
// broadcast to r would break, or nil.
func (o *Outbox) binding(r Recipient) *CapError {
	i, known := o.index[recipientKind(r)][r.ID]
	for j, w := range o.scratch.wins {
		count := int64(0)
		if known {
			if s := o.slots[int(i)*len(o.caps)+j]; s.from == w.start {
				count = s.count
			}
		}
		if count >= int64(w.limit) {
			return &CapError{Cap: o.caps[j], Recipient: r, From: w.from, To: w.to, Count: int(count), Limit: w.limit}
		}
	}
	return nil
}

// recipientKind returns the index of r's kind in Outbox.index.
func recipientKind(r Recipient) int {
	if r.Group {
		return 1
	}
	return 0
}

// firstBinding returns the CapError of the first recipient in order over
// a cap, or nil.
func (o *Outbox) firstBinding() error {
	for _, g := range o.scratch.gs {
		if e := o.binding(Recipient{ID: g, Group: true}); e != nil {
			return e
		}
	}
	for _, m := range o.scratch.ms {
		if e := o.binding(Recipient{ID: m}); e != nil {
			return e
		}
	}
	return nil
}

// Check returns the error [Outbox.Send] would return for b, and records
// nothing: nil when b may go out or is recorded already.
func (o *Outbox) Check(b Broadcast) error {
	_, done, err := o.prepare(b, true)
	if err != nil || done {
		return err
	}
	return o.firstBinding()
}

// Send records b when every recipient is within every cap, and refuses it
// whole otherwise: the error is the *[CapError] of the first recipient in
// order (groups, then members, by ID) and the first cap in the outbox's
// order that binds for it. A refused or malformed broadcast records
// nothing; a key already recorded with the same broadcast is a no-op.
func (o *Outbox) Send(b Broadcast) error {
	fp, done, err := o.prepare(b, true)
	if err != nil || done {
		return err
	}
	if err := o.firstBinding(); err != nil {
		return err
	}
	for _, g := range o.scratch.gs {
		o.count(Recipient{ID: g, Group: true})
	}
	for _, m := range o.scratch.ms {
		o.count(Recipient{ID: m})
	}
	if o.keys == nil {
		o.keys = make(map[string][sha256.Size]byte)
	}
	o.keys[b.Key] = fp
	o.last = b.At.UnixNano()
	return nil
}

// count adds one broadcast to r in the scratch windows.
func (o *Outbox) count(r Recipient) {
	k := recipientKind(r)
	i, ok := o.index[k][r.ID]
	if !ok {
		if o.index[k] == nil {
			o.index[k] = make(map[string]int32)
		}
		i = int32(len(o.slots) / max(len(o.caps), 1))
		o.index[k][r.ID] = i
		for range o.caps {
			o.slots = append(o.slots, capSlot{from: noCapWindow})
		}
	}
	for j, w := range o.scratch.wins {
		s := &o.slots[int(i)*len(o.caps)+j]
		if s.from != w.start {
			s.from, s.count = w.start, 0
		}
		s.count++
	}
}

// SendPlan is a broadcast split by the caps: the part that may go out, and
// the recipients it leaves out with the cap that binds for each.
type SendPlan struct {
	// Allowed is the broadcast to the recipients within every cap, with
	// the original key and instant and sorted recipients; it has none
	// when every recipient is over a cap.
	Allowed Broadcast
	// Suppressed holds one *CapError per recipient left out, in recipient
	// order, each naming the first cap that binds.
	Suppressed []*CapError
}

// Plan splits b for callers who prefer to send to the recipients within
// the caps rather than to nobody: send p.Allowed, when it has recipients,
// with [Outbox.Send]. Plan records nothing and ignores b's key: it
// reports the caps as they stand. A malformed b, or one earlier than the
// latest recorded, is a *[commerce.FieldError].
func (o *Outbox) Plan(b Broadcast) (SendPlan, error) {
	if _, _, err := o.prepare(b, false); err != nil {
		return SendPlan{}, err
	}
	p := SendPlan{Allowed: Broadcast{Key: b.Key, At: b.At}}
	for _, g := range o.scratch.gs {
		if e := o.binding(Recipient{ID: g, Group: true}); e != nil {
			p.Suppressed = append(p.Suppressed, e)
		} else {
			p.Allowed.Groups = append(p.Allowed.Groups, g)
		}
	}
	for _, m := range o.scratch.ms {
		if e := o.binding(Recipient{ID: m}); e != nil {
			p.Suppressed = append(p.Suppressed, e)
		} else {
			p.Allowed.Members = append(p.Allowed.Members, m)
		}
	}
	return p, nil
}
