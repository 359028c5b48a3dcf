package live

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// SessionStatus is a live session's lifecycle state.
//
//	Scheduled ─Start─▶ Streaming ─End─▶ Ended
//	    │               │    ▲
//	  Cancel      Interrupt  Resume
//	    ▼               ▼    │
//	Cancelled        Interrupted ─End─▶ Ended
//
// Ended and Cancelled are final.
type SessionStatus uint8

// The session states. The zero value is not a state; every [Session]
// built by [NewSession] or [Split] starts as Scheduled.
const (
	// Scheduled is a session announced but not yet on air.
	Scheduled SessionStatus = iota + 1
	// Streaming is a session on air.
	Streaming
	// Interrupted is a session that went off air and may resume: a
	// dropped stream, a host handover with the room closed.
	Interrupted
	// Ended is a session that went on air and ended.
	Ended
	// Cancelled is a session called off before it went on air.
	Cancelled
	numSessionStatuses
)

var sessionStatusNames = [numSessionStatuses]string{"", "scheduled", "streaming", "interrupted", "ended", "cancelled"}

// String returns the state's name, such as "streaming".
func (s SessionStatus) String() string {
	if s > 0 && s < numSessionStatuses {
		return sessionStatusNames[s]
	}
	return "SessionStatus(" + strconv.Itoa(int(s)) + ")"
}

// SessionSpec is what [NewSession] and [Split] need to schedule a session.
type SessionSpec struct {
	// ID identifies the session; Account is the account that streams it.
	// Both are required.
	ID, Account string
	// Platform is where the session streams; its [Profile] bounds the
	// session's length and lineup.
	Platform Platform
	// Hosts are the people on camera: at least one, no repeats, in any
	// order (the session keeps them sorted by ID).
	Hosts []string
	// Lineup is the SKU IDs the session presents, in running order, with
	// no repeats and at most the profile's MaxProducts.
	Lineup []string
	// Selling reports whether the session sells; a selling session needs
	// a lineup.
	Selling bool
	// Start and End are the scheduled start and end, [Start, End): End is
	// after Start, the length End − Start at least the profile's
	// MinSession and, for [NewSession], at most its MaxSession. Times are
	// from 1677-09-21T00:12:45Z up to, not including,
	// 2262-04-11T23:47:16Z: the whole Unix seconds whose count of
	// nanoseconds fits an int64.
	Start, End time.Time
}

// Interruption is a period a session spent off air: [From, To). To is zero
// while the session is still interrupted.
type Interruption struct {
	// From is when the session went off air.
	From time.Time
	// To is when it resumed or ended; zero while it is off air.
	To time.Time
}

// Equal reports whether i and o are the same period, comparing times with
// [time.Time.Equal].
func (i Interruption) Equal(o Interruption) bool { return i.From.Equal(o.From) && i.To.Equal(o.To) }

// Session is a scheduled live session and what happened to it: when it
// actually started and ended and when it was off air. Sessions are
// immutable values, safe to share between goroutines: every transition
// ([Session.Start], [Session.Interrupt], [Session.Resume], [Session.End],
// [Session.Cancel]) returns a new Session and leaves the receiver as it
// was. A transition that fails returns the receiver unchanged with the
// error:
//
//   - from a state that does not allow it, an error wrapping
//     [ErrTransition] that names the session and both states;
//   - at the zero time, a time outside [1677-09-21T00:12:45Z,
//     2262-04-11T23:47:16Z) (see [SessionSpec]), or a time before the
//     session's latest event (times never go backwards), a
//     *[commerce.FieldError] (so [commerce.ErrInvalid]) naming the
//     session and the step.
//
// The platform's caps bound the schedule, not what happened: a session
// that runs past its scheduled end is recorded as it ran.
//
// Build one with [NewSession] or [Split]; the zero Session is not a
// session, and every transition on it fails with [ErrTransition].
type Session struct {
	id, account string
	platform    Platform
	selling     bool
	status      SessionStatus
	hosts       []string // sorted; shared between versions, never modified
	lineup      []string // shared between versions, never modified
	start, end  time.Time
	started     time.Time // actual start
	closed      time.Time // actual end, or when cancelled
	// breaks are the interruptions in time order; the last one is open
	// (To zero) while Interrupted. Shared between versions: appended to
	// only through a clipped slice, never modified in place.
	breaks []Interruption
}

// NewSession validates spec and returns a Scheduled session. It checks the
// IDs, a known platform, at least one host and no repeated host, no
// repeated SKU, a lineup for a selling session and no longer than the
// profile's MaxProducts, and a schedule [Start, End) with End after Start
// and a length of at least the profile's MinSession. Each failure is a
// *[commerce.FieldError] naming the session and the field. A schedule
// longer than the profile's MaxSession wraps [ErrTooLong]; [Split] cuts
// such a broadcast into sessions.
func NewSession(spec SessionSpec) (Session, error) {
	p, err := checkSessionSpec(spec)
	if err != nil {
		return Session{}, err
	}
	if p.MaxSession > 0 && spec.End.Sub(spec.Start) > p.MaxSession {
		return Session{}, fmt.Errorf("live: session %q: scheduled for %v, %v allows at most %v: %w",
			spec.ID, spec.End.Sub(spec.Start), p.Platform, p.MaxSession, ErrTooLong)
	}
	return newScheduled(spec, spec.ID, spec.Start, spec.End, sortedHosts(spec.Hosts), slices.Clone(spec.Lineup)), nil
}

// checkSessionSpec validates everything in spec but the cap on its length
// and returns the platform's profile. Field names are built only on the
// error path.
func checkSessionSpec(spec SessionSpec) (Profile, error) {
	if err := checkID("session: id", spec.ID); err != nil {
		return Profile{}, err
	}
	field := func(f string) string { return fmt.Sprintf("session %q: %s", spec.ID, f) }
	if ident.Problem(spec.Account) != "" {
		return Profile{}, checkID(field("account"), spec.Account)
	}
	p, ok := ProfileOf(spec.Platform)
	if !ok {
		return Profile{}, fieldErr(field("platform"), "unknown %v", spec.Platform)
	}
	if len(spec.Hosts) == 0 {
		return Profile{}, fieldErr(field("hosts"), "none; a session needs a host on camera")
	}
	if err := checkSessionIDs(field, "host", spec.Hosts); err != nil {
		return Profile{}, err
	}
	if err := checkSessionIDs(field, "lineup: sku", spec.Lineup); err != nil {
		return Profile{}, err
	}
	if spec.Selling && len(spec.Lineup) == 0 {
		return Profile{}, fieldErr(field("lineup"), "empty; a selling session needs a lineup")
	}
	if p.MaxProducts > 0 && len(spec.Lineup) > p.MaxProducts {
		return Profile{}, fieldErr(field("lineup"), "%d SKUs, %v allows at most %d", len(spec.Lineup), p.Platform, p.MaxProducts)
	}
	if pr := sessionTimeProblem(spec.Start); pr != "" {
		return Profile{}, fieldErr(field("start"), "%s", pr)
	}
	if pr := sessionTimeProblem(spec.End); pr != "" {
		return Profile{}, fieldErr(field("end"), "%s", pr)
	}
	if !spec.End.After(spec.Start) {
		return Profile{}, fieldErr(field("end"), "%s is not after the start, %s",
			spec.End.Format(time.RFC3339Nano), spec.Start.Format(time.RFC3339Nano))
	}
	d, ok := sessionSpan(spec.Start, spec.End)
	if !ok {
		return Profile{}, fieldErr(field("end"), "more than 292 years after the start")
	}
	if d < p.MinSession {
		return Profile{}, fieldErr(field("end"), "scheduled for %v, %v needs at least %v", d, p.Platform, p.MinSession)
	}
	return p, nil
}

// checkSessionIDs checks that every ID is valid and none repeats; the
// error names the element as field("<elem> <index>"). Short lists are
// compared pairwise, longer ones through a map.
func checkSessionIDs(field func(string) string, elem string, ids []string) error {
	name := func(i int) string { return field(elem + " " + strconv.Itoa(i)) }
	for i, id := range ids {
		if ident.Problem(id) != "" {
			return checkID(name(i), id)
		}
	}
	repeat := func(i, j int) error {
		return fieldErr(name(i), "%q repeats %s %d", ids[i], elem[strings.LastIndex(elem, " ")+1:], j)
	}
	if len(ids) <= 16 {
		for i := 1; i < len(ids); i++ {
			if j := slices.Index(ids[:i], ids[i]); j >= 0 {
				return repeat(i, j)
			}
		}
		return nil
	}
	seen := make(map[string]int, len(ids))
	for i, id := range ids {
		if j, dup := seen[id]; dup {
			return repeat(i, j)
		}
		seen[id] = i
	}
	return nil
}

func sortedHosts(hosts []string) []string {
	h := slices.Clone(hosts)
	slices.Sort(h)
	return h
}

// newScheduled builds a Scheduled session from a validated spec.
func newScheduled(spec SessionSpec, id string, start, end time.Time, hosts, lineup []string) Session {
	return Session{
		id: id, account: spec.Account, platform: spec.Platform, selling: spec.Selling,
		status: Scheduled, hosts: hosts, lineup: lineup, start: start, end: end,
	}
}

// The range of instants a session holds: the whole Unix seconds whose
// nanoseconds fit an int64, from sessionMinUnix (1677-09-21T00:12:45Z) up
// to, not including, sessionMaxUnix + 1 (2262-04-11T23:47:16Z), as
// sessionRange writes it.
const (
	sessionMinUnix = -9223372035
	sessionMaxUnix = 9223372035
	sessionRange   = "[1677-09-21T00:12:45Z, 2262-04-11T23:47:16Z)"
)

// sessionTimeProblem returns why t is not a time the package holds, or "".
func sessionTimeProblem(t time.Time) string {
	if t.IsZero() {
		return "zero time"
	}
	if s := t.Unix(); s < sessionMinUnix || s > sessionMaxUnix {
		return t.Format(time.RFC3339Nano) + " is outside " + sessionRange
	}
	return ""
}

// sessionSpan returns to − from, and false when it does not fit a
// time.Duration (about 292 years).
func sessionSpan(from, to time.Time) (time.Duration, bool) {
	d := to.Sub(from)
	return d, from.Add(d).Equal(to)
}

// Equal reports whether s and o are the same session with the same
// history, comparing times with [time.Time.Equal].
func (s Session) Equal(o Session) bool {
	return s.id == o.id && s.account == o.account && s.platform == o.platform &&
		s.selling == o.selling && s.status == o.status &&
		slices.Equal(s.hosts, o.hosts) && slices.Equal(s.lineup, o.lineup) &&
		s.start.Equal(o.start) && s.end.Equal(o.end) &&
		s.started.Equal(o.started) && s.closed.Equal(o.closed) &&
		slices.EqualFunc(s.breaks, o.breaks, Interruption.Equal)
}

// ID returns the session ID.
func (s Session) ID() string { return s.id }

// Account returns the streaming account's ID.
func (s Session) Account() string { return s.account }

// Platform returns the platform the session streams on.
func (s Session) Platform() Platform { return s.platform }

// Hosts returns a copy of the hosts, sorted by ID.
func (s Session) Hosts() []string { return slices.Clone(s.hosts) }

// Lineup returns a copy of the lineup's SKU IDs in running order.
func (s Session) Lineup() []string { return slices.Clone(s.lineup) }

// Selling reports whether the session sells.
func (s Session) Selling() bool { return s.selling }

// ScheduledStart returns the scheduled start.
func (s Session) ScheduledStart() time.Time { return s.start }

// ScheduledEnd returns the scheduled end.
func (s Session) ScheduledEnd() time.Time { return s.end }

// Status returns the lifecycle state.
func (s Session) Status() SessionStatus { return s.status }

// StartedAt returns when the session went on air, or the zero time.
func (s Session) StartedAt() time.Time { return s.started }

// EndedAt returns when the session ended or was cancelled, or the zero
// time.
func (s Session) EndedAt() time.Time { return s.closed }

// Interruptions returns a copy of the periods off air, in time order. The
// last one has a zero To while the session is Interrupted.
func (s Session) Interruptions() []Interruption { return slices.Clone(s.breaks) }

// OnAir returns an ended session's time on air: the actual end − the
// actual start − the sum of the interruptions. It is zero for a session
// that has not ended.
func (s Session) OnAir() time.Duration {
	if s.status != Ended {
		return 0
	}
	d := s.closed.Sub(s.started) // fits: checked by step
	for _, b := range s.breaks {
		d -= b.To.Sub(b.From)
	}
	return d
}

// last returns the session's latest event, or the zero time before it
// starts.
func (s Session) last() time.Time {
	if n := len(s.breaks); n > 0 {
		if b := s.breaks[n-1]; !b.To.IsZero() {
			return b.To
		}
		return s.breaks[n-1].From
	}
	return s.started
}

// step checks that the session may go to state to at time at, from one
// of the states in from.
func (s Session) step(action string, to SessionStatus, at time.Time, from ...SessionStatus) error {
	if !slices.Contains(from, s.status) {
		return fmt.Errorf("live: session %q: %s: cannot go from %v to %v: %w", s.id, action, s.status, to, ErrTransition)
	}
	field := func() string { return fmt.Sprintf("session %q: %s: time", s.id, action) }
	if pr := sessionTimeProblem(at); pr != "" {
		return fieldErr(field(), "%s", pr)
	}
	if last := s.last(); !last.IsZero() {
		if at.Before(last) {
			return fieldErr(field(), "%s is before the session's last event at %s",
				at.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))
		}
		if _, ok := sessionSpan(s.started, at); !ok {
			return fieldErr(field(), "more than 292 years after the start")
		}
	}
	return nil
}

// Start puts a scheduled session on air at at, which may be before or
// after the scheduled start.
func (s Session) Start(at time.Time) (Session, error) {
	if err := s.step("start", Streaming, at, Scheduled); err != nil {
		return s, err
	}
	s.status, s.started = Streaming, at
	return s, nil
}

// Interrupt takes a streaming session off air at at; [Session.Resume]
// puts it back.
func (s Session) Interrupt(at time.Time) (Session, error) {
	if err := s.step("interrupt", Interrupted, at, Streaming); err != nil {
		return s, err
	}
	s.status = Interrupted
	s.breaks = append(slices.Clip(s.breaks), Interruption{From: at})
	return s, nil
}

// Resume puts an interrupted session back on air at at, closing its
// interruption.
func (s Session) Resume(at time.Time) (Session, error) {
	if err := s.step("resume", Streaming, at, Interrupted); err != nil {
		return s, err
	}
	s.status = Streaming
	s.breaks = closeBreak(s.breaks, at)
	return s, nil
}

// closeBreak returns a copy of breaks with the last one closed at at.
func closeBreak(breaks []Interruption, at time.Time) []Interruption {
	b := slices.Clone(breaks)
	b[len(b)-1].To = at
	return b
}

// End ends a streaming or interrupted session at at. Ending an interrupted
// session closes its interruption at at: the session stayed off air to
// the end.
func (s Session) End(at time.Time) (Session, error) {
	if err := s.step("end", Ended, at, Streaming, Interrupted); err != nil {
		return s, err
	}
	if s.status == Interrupted {
		s.breaks = closeBreak(s.breaks, at)
	}
	s.status, s.closed = Ended, at
	return s, nil
}

// Cancel calls off a scheduled session at at. A session that went on air
// ends rather than being cancelled.
func (s Session) Cancel(at time.Time) (Session, error) {
	if err := s.step("cancel", Cancelled, at, Scheduled); err != nil {
		return s, err
	}
	s.status, s.closed = Cancelled, at
	return s, nil
}

// Split schedules the broadcast spec describes, [spec.Start, spec.End),
// as consecutive sessions that each fit the platform's [Profile]. A
// broadcast within the profile's MaxSession (or on a platform with no
// known cap) is one session, equal ([Session.Equal]) to the one
// [NewSession] returns, with spec.ID unchanged. A longer one is cut into parts with IDs "<ID>-1", "<ID>-2", …
// in time order; every part has spec's account, hosts, lineup and
// Selling, and starts where the previous one ends, so the parts tile the
// broadcast with no gap and no overlap.
//
// Each part runs from its start p for at most MaxSession. It ends at the
// latest of the caller's cuts (host handovers, say) in [p + MinSession,
// p + MaxSession] that leaves at least MinSession to the end of the
// broadcast; without one, at exactly p + MaxSession, unless that would
// leave a final remainder shorter than MinSession: then the part ends
// MinSession before the end of the broadcast, so the remainder is exactly
// MinSession. Every part is thus at least MinSession and at most
// MaxSession long (every compiled-in profile has MaxSession ≥ 2 ×
// MinSession). On TikTok, 07:00 to 01:00 the next day (18 h) is two
// sessions: with no cut, 07:00–20:00 and 20:00–01:00; with a handover at
// 19:00, 07:00–19:00 and 19:00–01:00.
//
// cuts may come in any order, in any time zone, and repeat: a cut is an
// instant, and cuts that are the same instant count once. Cuts at the
// broadcast's start or end are ignored, and a cut outside it, or outside
// the range of a [SessionSpec]'s times, is a *[commerce.FieldError],
// whether or not the broadcast needs cutting. spec is validated as by
// [NewSession], except for the cap on its length.
//
// Every boundary of every part, spec.End included, is in the location of
// spec.Start and carries no monotonic clock reading, so the parts, even
// formatted, depend only on spec and the set of instants in cuts.
func Split(spec SessionSpec, cuts []time.Time) ([]Session, error) {
	p, err := checkSessionSpec(spec)
	if err != nil {
		return nil, err
	}
	loc := spec.Start.Location()
	start, end := spec.Start.Round(0), spec.End.In(loc).Round(0)
	sorted := make([]time.Time, 0, len(cuts))
	for i, c := range cuts {
		field := func() string { return fmt.Sprintf("split %q: cut %d", spec.ID, i) }
		if pr := sessionTimeProblem(c); pr != "" {
			return nil, fieldErr(field(), "%s", pr)
		}
		if c.Before(start) || c.After(end) {
			return nil, fieldErr(field(), "%s is outside the broadcast %s to %s", c.Format(time.RFC3339Nano),
				start.Format(time.RFC3339Nano), end.Format(time.RFC3339Nano))
		}
		if c.After(start) && c.Before(end) {
			sorted = append(sorted, c.In(loc).Round(0))
		}
	}
	hosts, lineup := sortedHosts(spec.Hosts), slices.Clone(spec.Lineup)
	if p.MaxSession == 0 || end.Sub(start) <= p.MaxSession {
		return []Session{newScheduled(spec, spec.ID, start, end, hosts, lineup)}, nil
	}
	slices.SortFunc(sorted, time.Time.Compare)
	sorted = slices.CompactFunc(sorted, time.Time.Equal)
	bounds := splitBounds(start, end, p.MinSession, p.MaxSession, sorted)
	parts := make([]Session, len(bounds)-1)
	for i := range parts {
		parts[i] = newScheduled(spec, spec.ID+"-"+strconv.Itoa(i+1), bounds[i], bounds[i+1], hosts, lineup)
	}
	return parts, nil
}

// splitBounds returns the boundaries of the parts of [start, end), start
// and end included, for a broadcast longer than max; cuts are sorted.
// max ≥ 2 × min > 0 or min = 0 < max.
func splitBounds(start, end time.Time, min, max time.Duration, cuts []time.Time) []time.Time {
	bounds := []time.Time{start}
	pos := start
	for end.Sub(pos) > max {
		limit := pos.Add(max)
		// i is the number of cuts at or before limit.
		i, _ := slices.BinarySearchFunc(cuts, limit, func(c, t time.Time) int {
			if c.After(t) {
				return 1
			}
			return -1
		})
		next := time.Time{}
		for j := i - 1; j >= 0 && cuts[j].After(pos); j-- {
			if c := cuts[j]; c.Sub(pos) >= min && end.Sub(c) >= min {
				next = c
				break
			}
		}
		if next.IsZero() {
			next = limit
			if end.Sub(limit) < min {
				next = end.Add(-min)
			}
		}
		bounds = append(bounds, next)
		pos = next
	}
	return append(bounds, end)
}
