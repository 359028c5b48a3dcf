package matrix

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Sentinel errors of the seeding funnel, besides [ErrUnknown] (an event of
// an undeclared kind or source, a step naming an unknown kind) and
// [ErrDuplicate] (a user tallied twice).
var (
	// ErrOutOfOrder reports an event given to a [FunnelStream] earlier
	// than an event of the same user it already took.
	ErrOutOfOrder = errors.New("event out of time order")
	// ErrFunnelMismatch reports a merge of two [FunnelTally] values
	// built by funnels of different specifications.
	ErrFunnelMismatch = errors.New("tallies of different funnels")
)

// Kind is the kind of a funnel [Event]: what the user did. Kinds 1 to 7
// are built in; a funnel's caller-defined kinds ([FunnelSpec.Kinds]) are
// numbered from [FirstCustomKind]. The zero Kind is no kind: an event of
// kind 0, or of any kind its funnel does not know, is [ErrUnknown].
type Kind uint8

// The built-in kinds of the seeding loop: note → group → live → order →
// share or repurchase.
const (
	// NoteImpression is a user shown a seeding note.
	NoteImpression Kind = iota + 1
	// NoteEngagement is a like, comment, save or click on a note.
	NoteEngagement
	// GroupJoin is a user joining a group chat.
	GroupJoin
	// LiveEntry is a user entering a live room.
	LiveEntry
	// Order is a paid order.
	Order
	// Repurchase is a paid order by a user who had bought before.
	Repurchase
	// Share is a user sharing a note, a live or a product link.
	Share
	numBuiltinKinds
)

// FirstCustomKind is the number of a funnel's first caller-defined kind:
// FunnelSpec.Kinds[j] is Kind(FirstCustomKind + j). Kinds 8 to 15 are
// reserved for future built-in kinds.
const FirstCustomKind Kind = 16

// maxCustomKinds is the number of caller-defined kinds a funnel may
// declare: FirstCustomKind to 255.
const maxCustomKinds = 256 - int(FirstCustomKind)

var kindNames = [numBuiltinKinds]string{"", "note-impression", "note-engagement", "group-join", "live-entry", "order", "repurchase", "share"}

// String returns a built-in kind's name, such as "group-join", or
// "Kind(n)" for any other kind ([Funnel.KindName] knows a funnel's own).
func (k Kind) String() string {
	if k > 0 && k < numBuiltinKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Source is the touchpoint an event came from (a note, a group, a live
// room, an ad), numbered by the caller from 0 to [FunnelSpec.Sources]−1.
// [NoSource] stands for none in a breakdown.
type Source uint16

// NoSource is the breakdown bucket of users who have no source for the
// breakdown: users who reached no step, or, with [StepTouch], not the
// breakdown step. No event may carry it.
const NoSource Source = math.MaxUint16

// Event is one row of the seeding funnel's input: who did what, when,
// from which touchpoint. It is 16 bytes, so that ten million rows take
// 160 MB.
type Event struct {
	// Time is when it happened, in milliseconds since the Unix epoch
	// ([time.Time.UnixMilli]). Events of one user at the same
	// millisecond are simultaneous: a tie.
	Time int64
	// User is the person, a dense integer interned by the caller (a
	// [Network]'s [Member] or any numbering from 0): batch work counts
	// by it directly, and a [FunnelStream] keeps state by it.
	User Member
	// Source is the touchpoint, below [FunnelSpec.Sources].
	Source Source
	// Kind is what the user did: a built-in kind or one of the funnel's
	// caller-defined kinds.
	Kind Kind
}

// Mode selects how a funnel matches a user's events to its steps. The
// zero Mode is ClickHouse's default windowFunnel; the Strict flags are
// ClickHouse's options of those names and combine as they do there;
// [Optimal] (with or without [StrictIncrease]) is a different matcher.
//
// In every mode the events of a user are taken in time order, ties in
// step order (ClickHouse's (timestamp, condition index) order, since
// release 21.1), and the window bounds a chain from its first step: a
// chain with step 1 at t1 may use events up to t1 + Window inclusive.
//
// Worked examples, with steps A, B, C, window 10 unless stated (the
// ClickHouse columns are those of the project's funnel anchors §2.4,
// checked against ClickHouse's own test reference):
//
//	events                          default  StrictIncrease  StrictDeduplication  StrictOrder  Optimal
//	A@1 B@2 C@3                     3        3               3                    3            3
//	A@1 B@5 C@12                    2        2               2                    2            2
//	A@0 A@5 B@12 C@14               3        3               3                    3            3
//	B@1 A@1 C@2 (a tie)             3        1               3                    3            3
//	X@1 C@2, steps X, X, C          3        1               3                    3            1
//	A@1 B@2 B@3 C@4                 3        3               2                    3            3
//	A@1 D@2 B@3 C@4 (D no step)     3        3               3                    1            3
//	A@1 B@1 C@2, window 0           2        1               2                    2            2
//	A@0 B@3 A@20 B@25 C@28          3        3               2                    3            3
type Mode uint8

// The mode flags.
const (
	// StrictDeduplication stops the scan at the first event for a step
	// k ≥ 2 that the funnel has already reached (a repeat), and returns
	// the highest level reached so far (ClickHouse after PR #99003).
	// A repeated step 1 only restarts the chain. A@1 B@2 B@3 C@4 is 2:
	// the second B stops the scan; A@0 B@3 A@20 B@25 C@28 is 2 even
	// though the first chain had expired when B@25 came.
	StrictDeduplication Mode = 1 << iota
	// StrictOrder allows no other event between the steps: once step 1
	// has happened, an event that matches no step, or an event for a
	// step k whose step k−1 has not happened (a skip forward), stops
	// the scan, and the level is the number of steps reached. A@1 D@2
	// B@3 C@4 is 1, D matching no step. An event matching no step at the
	// same time as a step-1 event comes before it. As in ClickHouse's
	// source, a later step-1 event restarts the chain (A@1 B@2 A@3 C@4
	// is 3); ClickHouse's test reference expects 2 there.
	StrictOrder
	// StrictIncrease needs each step strictly later than the previous
	// one: B@1 A@1 C@2 is 1, A@1 B@1 C@2 with window 0 is 1. As in
	// ClickHouse, a step's time is the latest event that extended the
	// chain, so a repeated tie can hide a longer chain (ClickHouse issue
	// #52844: 0@1 1@2 2@2 3@2 1@3 2@3 3@3 1@4 2@4 3@4 is 2, whereas
	// 0@1 1@2 2@3 3@4 is a chain of 4); Optimal|StrictIncrease finds it.
	StrictIncrease
	// Optimal returns the true maximum: the longest chain of distinct
	// events e1, …, ek with ei of step i's kinds, t1 ≤ … ≤ tk ≤ t1 +
	// Window, no event used twice (X@1 C@2 with steps X, X, C is 1, since
	// ClickHouse's 3 uses the X row twice). With StrictIncrease the
	// times must rise strictly (the #52844 data gives 4). It does not
	// combine with StrictDeduplication or StrictOrder.
	Optimal
	numModeBits = iota
)

// String returns the mode's flags joined by "|", such as
// "strict_deduplication|strict_increase", or "default".
func (m Mode) String() string {
	if m == 0 {
		return "default"
	}
	names := [...]string{"strict_deduplication", "strict_order", "strict_increase", "optimal"}
	s := ""
	for i, n := range names {
		if m&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	if m>>numModeBits != 0 {
		if s != "" {
			s += "|"
		}
		s += fmt.Sprintf("Mode(%#x)", uint8(m>>numModeBits<<numModeBits))
	}
	return s
}

// Breakdown selects which touchpoint a user is counted under in
// [FunnelReport.Sources]. The chain credited is the one that gives the
// user's level: among chains reaching it, the one with the latest first
// step (the one ClickHouse keeps), and for that start the one that
// reached the level earliest. When several events of one step tie at one
// time, the smallest Source among them is credited.
type Breakdown uint8

// The breakdowns.
const (
	// NoBreakdown reports no sources (the default).
	NoBreakdown Breakdown = iota
	// FirstTouch credits the source of the chain's step-1 event.
	FirstTouch
	// LastTouch credits the source of the event of the last step the
	// user reached.
	LastTouch
	// StepTouch credits the source of the chain's event for step
	// [FunnelSpec.BreakdownStep]; users who did not reach that step are
	// under [NoSource].
	StepTouch
	numBreakdowns
)

// String returns "none", "first-touch", "last-touch" or "step-touch".
func (b Breakdown) String() string {
	switch b {
	case NoBreakdown:
		return "none"
	case FirstTouch:
		return "first-touch"
	case LastTouch:
		return "last-touch"
	case StepTouch:
		return "step-touch"
	}
	return fmt.Sprintf("Breakdown(%d)", uint8(b))
}

// MaxSteps is the most steps a funnel may have, as in ClickHouse.
const MaxSteps = 32

// FunnelSpec declares a funnel for [NewFunnel]. Only Steps is required.
type FunnelSpec struct {
	// Steps are the funnel's steps, 1 to [MaxSteps]: Steps[i] lists the
	// kinds of event that fulfil step i+1, at least one. A kind may
	// serve several steps, and then one event of it may fill several
	// steps in the ClickHouse modes (not in [Optimal]).
	Steps [][]Kind
	// Window bounds a chain: every step within Window of step 1,
	// inclusive. It is zero or more; it is applied in whole
	// milliseconds, the unit of [Event.Time] (truncating it loses
	// nothing, since times are whole milliseconds).
	Window time.Duration
	// Mode selects the matching rules; the zero Mode is ClickHouse's
	// default.
	Mode Mode
	// FirstStart anchors the window at the user's first step-1 event,
	// as Mixpanel's default funnel does: later step-1 events do not
	// start a new chain. A@13:00 A@13:30 B@13:45 C@14:15 with a one-hour
	// window is 2 with FirstStart and 3 without.
	FirstStart bool
	// Kinds names the caller-defined kinds, Kinds[j] being
	// Kind(FirstCustomKind + j): valid IDs, unique, not a built-in
	// kind's name, at most 240.
	Kinds []string
	// Sources is the number of touchpoints, 0 to 65535: events carry
	// a Source below it. Zero means one touchpoint, Source 0.
	Sources int
	// Breakdown selects the source breakdown of [FunnelReport.Sources].
	Breakdown Breakdown
	// BreakdownStep is the step, 1 to len(Steps), whose source
	// [StepTouch] credits; it must be 0 with any other breakdown.
	BreakdownStep int
	// Location is where [FunnelReport.Days] are calendar days; nil is
	// UTC.
	Location *time.Location
}

// Funnel is a validated funnel: steps, window, mode and reporting
// options. It is immutable and safe to share between goroutines. Build
// one with [NewFunnel]; count with [Funnel.NewTally] or
// [Funnel.NewStream], or find levels with [Funnel.Level] and
// [Funnel.Levels].
type Funnel struct {
	n      int
	window uint64 // ms
	mode   Mode
	dedup  bool
	order  bool
	incr   bool
	opt    bool
	first  bool
	nsrc   int
	bd     Breakdown
	bstep  int    // 0-based step of StepTouch, else 0
	fromEv uint32 // levels (0-based bits) whose source is the event's
	plain  bool   // the default mode with no breakdown: scanPlain
	loc    *time.Location
	utc    bool
	steps  [][]Kind
	kinds  []string
	// table[k] describes kind k: its step mask in bits 0–31, kValid,
	// kKeep when batch work must keep its rows, and its room (see
	// kRoomShift) from bit kRoomShift on.
	table [256]uint64
	// maskID[k] numbers the distinct non-zero step masks, for Optimal's
	// tie groups; masks lists them.
	maskID [256]uint8
	masks  []uint32
}

const (
	kValid = 1 << 32
	kKeep  = 1 << 33
	// kRoomShift is where a kind's room starts in the table: 1<<16 −
	// nsrc for a kind the funnel knows, 1<<16 for one it does not, so
	// that a row is bad, of an unknown kind or a source too large,
	// exactly when Source + room ≥ 1<<16, and rows' sums ORed together
	// are under 1<<16 exactly when none is.
	kRoomShift = 40
)

// NewFunnel validates spec. It fails, building nothing, with a
// *[commerce.FieldError] naming the field: no steps or more than
// [MaxSteps], an empty step, a negative window, unknown mode bits or
// Optimal with StrictDeduplication or StrictOrder, a malformed, duplicate
// ([ErrDuplicate]) or reserved custom kind name, too many kinds, a
// number of sources outside 0 to 65535, an unknown breakdown or a
// breakdown step out of range; one that also wraps [ErrUnknown] for a
// step naming a kind the funnel does not know.
func NewFunnel(spec FunnelSpec) (*Funnel, error) {
	f := &Funnel{
		n: len(spec.Steps), mode: spec.Mode, first: spec.FirstStart,
		nsrc: max(spec.Sources, 1), bd: spec.Breakdown, loc: spec.Location,
	}
	if f.n == 0 || f.n > MaxSteps {
		return nil, fieldErr("funnel: steps", "want 1 to %d steps, got %d", MaxSteps, f.n)
	}
	if spec.Window < 0 {
		return nil, fieldErr("funnel: window", "negative %v", spec.Window)
	}
	f.window = uint64(spec.Window / time.Millisecond)
	if spec.Mode>>numModeBits != 0 {
		return nil, fieldErr("funnel: mode", "unknown %v", spec.Mode)
	}
	f.dedup, f.order = spec.Mode&StrictDeduplication != 0, spec.Mode&StrictOrder != 0
	f.incr, f.opt = spec.Mode&StrictIncrease != 0, spec.Mode&Optimal != 0
	if f.opt && (f.dedup || f.order) {
		return nil, fieldErr("funnel: mode", "%v: optimal combines with strict_increase only", spec.Mode)
	}
	if len(spec.Kinds) > maxCustomKinds {
		return nil, fieldErr("funnel: kinds", "%d caller-defined kinds, at most %d", len(spec.Kinds), maxCustomKinds)
	}
	names := make(map[string]bool, len(spec.Kinds))
	for _, n := range kindNames[1:] {
		names[n] = true
	}
	for j, name := range spec.Kinds {
		field := fmt.Sprintf("funnel: kinds[%d]", j)
		if err := checkID(field, name); err != nil {
			return nil, err
		}
		if names[name] {
			return nil, &commerce.FieldError{Field: field, Reason: fmt.Sprintf("%q", name), Err: ErrDuplicate}
		}
		names[name] = true
	}
	f.kinds = slices.Clone(spec.Kinds)
	for k := Kind(1); k < numBuiltinKinds; k++ {
		f.table[k] = kValid
	}
	for j := range f.kinds {
		f.table[int(FirstCustomKind)+j] = kValid
	}
	f.steps = make([][]Kind, f.n)
	for i, st := range spec.Steps {
		field := fmt.Sprintf("funnel: steps[%d]", i)
		if len(st) == 0 {
			return nil, fieldErr(field, "no kinds")
		}
		f.steps[i] = slices.Clone(st)
		for j, k := range st {
			if f.table[k]&kValid == 0 {
				return nil, &commerce.FieldError{Field: fmt.Sprintf("%s[%d]", field, j), Reason: k.String(), Err: ErrUnknown}
			}
			f.table[k] |= 1 << i
		}
	}
	for k := range f.table {
		m := uint32(f.table[k])
		if m != 0 || (f.order && f.table[k]&kValid != 0) {
			f.table[k] |= kKeep
		}
		room := uint64(1 << 16)
		if f.table[k]&kValid != 0 {
			room -= uint64(min(f.nsrc, 1<<16))
		}
		f.table[k] |= room << kRoomShift
		if m != 0 {
			id := slices.Index(f.masks, m)
			if id < 0 {
				id = len(f.masks)
				f.masks = append(f.masks, m)
			}
			f.maskID[k] = uint8(id)
		}
	}
	if spec.Sources < 0 || spec.Sources > int(NoSource) {
		return nil, fieldErr("funnel: sources", "want 0 to %d, got %d", NoSource, spec.Sources)
	}
	switch {
	case spec.Breakdown >= numBreakdowns:
		return nil, fieldErr("funnel: breakdown", "unknown %v", spec.Breakdown)
	case spec.Breakdown == StepTouch && (spec.BreakdownStep < 1 || spec.BreakdownStep > f.n):
		return nil, fieldErr("funnel: breakdown step", "want 1 to %d, got %d", f.n, spec.BreakdownStep)
	case spec.Breakdown != StepTouch && spec.BreakdownStep != 0:
		return nil, fieldErr("funnel: breakdown step", "%d without the step-touch breakdown", spec.BreakdownStep)
	}
	switch f.bd {
	case FirstTouch:
		f.fromEv = 1
	case LastTouch:
		f.fromEv = math.MaxUint32
	case StepTouch:
		f.bstep = spec.BreakdownStep - 1
		f.fromEv = uint32(1)<<(f.bstep+1) - 1
	}
	if f.loc == nil {
		f.loc = time.UTC
	}
	f.utc = f.loc == time.UTC
	f.plain = spec.Mode == 0 && f.bd == NoBreakdown
	return f, nil
}

// Steps returns the number of steps.
func (f *Funnel) Steps() int { return f.n }

// Kind returns the kind named name, built in (such as "order") or
// declared in [FunnelSpec.Kinds], and whether the funnel knows it.
func (f *Funnel) Kind(name string) (Kind, bool) {
	for k := Kind(1); k < numBuiltinKinds; k++ {
		if kindNames[k] == name {
			return k, true
		}
	}
	if j := slices.Index(f.kinds, name); j >= 0 {
		return FirstCustomKind + Kind(j), true
	}
	return 0, false
}

// KindName returns the name of kind k, built in or the funnel's own, or
// k.String() for a kind the funnel does not know.
func (f *Funnel) KindName(k Kind) string {
	if j := int(k) - int(FirstCustomKind); j >= 0 && j < len(f.kinds) {
		return f.kinds[j]
	}
	return k.String()
}

// checkEvent reports why e (row i) is not valid for f: an unknown kind or
// a source out of range, both [ErrUnknown].
func (f *Funnel) checkEvent(i int, e Event) error {
	field := fmt.Sprintf("events[%d]", i)
	if f.table[e.Kind]&kValid == 0 {
		return &commerce.FieldError{Field: field + ".kind", Reason: fmt.Sprintf("user %d: %v", e.User, e.Kind), Err: ErrUnknown}
	}
	if int(e.Source) >= f.nsrc {
		return &commerce.FieldError{Field: field + ".source", Reason: fmt.Sprintf("user %d: source %d of %d", e.User, e.Source, f.nsrc), Err: ErrUnknown}
	}
	return nil
}

// UserLevel is one user's funnel level: the number of steps reached, 0
// to the funnel's steps.
type UserLevel struct {
	// User is the user; Level the steps they reached.
	User  Member
	Level int
}

// Level returns the level of events taken as one user's (their User
// fields are ignored), in any order: ClickHouse's
// windowFunnel(window, mode)(t, step1, …, stepN) for one group. It fails
// with [ErrUnknown] naming the first event of an unknown kind or source.
func (f *Funnel) Level(events []Event) (int, error) {
	for i, e := range events {
		if err := f.checkEvent(i, e); err != nil {
			return 0, err
		}
	}
	keys := make([]uint64, 0, len(events))
	var base int64
	if len(events) > 0 {
		base = events[0].Time
		for _, e := range events {
			base = min(base, e.Time)
		}
	}
	var big []wideRow
	for _, e := range events {
		if f.table[e.Kind]&kKeep == 0 {
			continue
		}
		d := uint64(e.Time - base)
		if d > maxSpan {
			big = append(big, wideRow{t: e.Time, info: packInfo(e)})
			continue
		}
		keys = append(keys, d<<24|packInfo(e))
	}
	var sc scanScratch
	c := newChainBuf(f.n)
	if big != nil { // a span over 2^40 ms: the slow path
		for _, k := range keys {
			big = append(big, wideRow{t: base + int64(k>>24), info: k & infoMask})
		}
		slices.SortFunc(big, func(a, b wideRow) int { return cmpInt(a.t, b.t) })
		f.scanWide(big, &c.chain, &sc)
		return c.level(), nil
	}
	var p pipeline
	f.scan(p.sortUser(keys), base, &c.chain, &sc)
	return c.level(), nil
}

// Levels returns the level of every user with at least one event in rows,
// in order of User, rows being in any order. It fails with [ErrUnknown]
// naming the first event of an unknown kind or source.
func (f *Funnel) Levels(rows []Event) ([]UserLevel, error) {
	var out []UserLevel
	var p pipeline
	err := p.run(f, rows, nil, func(u Member, c *chain) {
		out = append(out, UserLevel{User: u, Level: c.level()})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
