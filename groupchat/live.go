package groupchat

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// LiveSession is a live session of an account, as much of it as the live
// badge needs: it is live over [Start, End), and from Start on while End
// is zero.
type LiveSession struct {
	// ID identifies the session.
	ID string
	// Account is the account that streams it, such as a group owner's.
	Account string
	// Start is when it went live.
	Start time.Time
	// End is when it ended; zero while it is still live.
	End time.Time
}

// Validate checks the IDs, a start within the years 1678 to 2262, and an
// end that is zero or after the start.
func (s LiveSession) Validate() error {
	if err := checkID("session: id", s.ID); err != nil {
		return err
	}
	field := fmt.Sprintf("session %q", s.ID)
	if err := checkID(field+": account", s.Account); err != nil {
		return err
	}
	return checkLiveSpan(field, s.Start, s.End)
}

// checkLiveSpan validates [from, to) with to zero for an open end.
func checkLiveSpan(field string, from, to time.Time) error {
	if err := checkMoment(field+": start", from); err != nil {
		return err
	}
	if to.IsZero() {
		return nil
	}
	if err := checkMoment(field+": end", to); err != nil {
		return err
	}
	if !to.After(from) {
		return fieldErr(field+": end", "%s is not after the start, %s", to.Format(time.RFC3339Nano), from.Format(time.RFC3339Nano))
	}
	return nil
}

// LiveAt reports whether the session is live at t: Start ≤ t, and t <
// End unless End is zero.
func (s LiveSession) LiveAt(t time.Time) bool {
	return !t.Before(s.Start) && (s.End.IsZero() || t.Before(s.End))
}

// Presence is a span during which a member is online: [From, To), and from
// From on while To is zero.
type Presence struct {
	// Member is the member who is online.
	Member string
	// From is when they came online.
	From time.Time
	// To is when they went offline; zero while they are online.
	To time.Time
}

// Validate checks the member's ID, a start within the years 1678 to 2262,
// and an end that is zero or after the start.
func (p Presence) Validate() error {
	if err := checkID("presence: member", p.Member); err != nil {
		return err
	}
	return checkLiveSpan(fmt.Sprintf("presence of %q", p.Member), p.From, p.To)
}

// OnlineAt reports whether the presence covers t.
func (p Presence) OnlineAt(t time.Time) bool {
	return !t.Before(p.From) && (p.To.IsZero() || t.Before(p.To))
}

// Badge is a group's live badge at an instant: whether the group shows
// that its owner is live, the session, and how many of its members are
// online.
type Badge struct {
	// Live reports whether the badge shows.
	Live bool
	// Session is the live session's ID; empty when not live.
	Session string
	// Online is the number of the group's members online, whether or not
	// the badge shows.
	Online int
}

// LiveBadge returns the badge of a group whose owner streams as the
// account owner, at the instant at. The badge shows when a session of that
// account is live at at ([LiveSession.LiveAt]); of several, it names the one
// that started first, then the least ID. Sessions of other accounts are
// ignored. Online counts the distinct members of the group with a
// presence covering at; presences of others are ignored, and a member may
// have several. Any order of the slices gives the same badge. A malformed
// input, or two sessions with one ID, is a *[commerce.FieldError].
func LiveBadge(owner string, sessions []LiveSession, members []string, online []Presence, at time.Time) (Badge, error) {
	if err := checkID("badge: owner", owner); err != nil {
		return Badge{}, err
	}
	if err := checkMoment("badge: at", at); err != nil {
		return Badge{}, err
	}
	ids := make(map[string]struct{}, len(sessions))
	var b Badge
	var live *LiveSession
	for i := range sessions {
		s := &sessions[i]
		if err := s.Validate(); err != nil {
			return Badge{}, err
		}
		if _, dup := ids[s.ID]; dup {
			return Badge{}, fieldErr(fmt.Sprintf("session %q", s.ID), "repeated")
		}
		ids[s.ID] = struct{}{}
		if s.Account != owner || !s.LiveAt(at) {
			continue
		}
		if live == nil || cmp.Or(s.Start.Compare(live.Start), cmp.Compare(s.ID, live.ID)) < 0 {
			live = s
		}
	}
	if live != nil {
		b.Live, b.Session = true, live.ID
	}
	in := make(map[string]bool, len(members)) // member → counted
	for _, m := range members {
		if err := checkID("badge: member", m); err != nil {
			return Badge{}, err
		}
		in[m] = false
	}
	for _, p := range online {
		if err := p.Validate(); err != nil {
			return Badge{}, err
		}
		if counted, ok := in[p.Member]; ok && !counted && p.OnlineAt(at) {
			in[p.Member] = true
			b.Online++
		}
	}
	return b, nil
}

// Audience is one group of a brand and its members, to whom a live-start
// notice may go.
type Audience struct {
	// Group is the group's ID.
	Group string
	// Members are its members, each once, in any order.
	Members []string
}

// Notice is one live-start notice: the member it goes to and the group it
// is sent through.
type Notice struct {
	// Member is the member notified.
	Member string
	// Group is the group the notice is attributed to.
	Group string
}

// LiveNotices returns the live-start notices of a session for the
// brand's groups: one per person, however many of the groups they are in,
// attributed to the least group ID among those that hold them, sorted by
// member. Any order of the audiences and their members gives the same
// notices. A malformed ID, a group listed twice or a member listed twice
// in one group is a *[commerce.FieldError]. Use a [NoticeLog] to notify
// each person once across calls.
func LiveNotices(session string, audiences []Audience) ([]Notice, error) {
	if err := checkID("notices: session", session); err != nil {
		return nil, err
	}
	n := 0
	for _, a := range audiences {
		n += len(a.Members)
	}
	all := make([]Notice, 0, n)
	groups := make(map[string]struct{}, len(audiences))
	for _, a := range audiences {
		if err := checkID("notices: group", a.Group); err != nil {
			return nil, err
		}
		if _, dup := groups[a.Group]; dup {
			return nil, fieldErr(fmt.Sprintf("notices: group %q", a.Group), "repeated")
		}
		groups[a.Group] = struct{}{}
		for _, m := range a.Members {
			if err := checkID(fmt.Sprintf("notices: group %q: member", a.Group), m); err != nil {
				return nil, err
			}
			all = append(all, Notice{Member: m, Group: a.Group})
		}
	}
	slices.SortFunc(all, func(a, b Notice) int {
		return cmp.Or(cmp.Compare(a.Member, b.Member), cmp.Compare(a.Group, b.Group))
	})
	out := all[:0]
	for i, x := range all {
		switch {
		case i > 0 && x == all[i-1]:
			return nil, fieldErr(fmt.Sprintf("notices: group %q: member %q", x.Group, x.Member), "repeated")
		case len(out) > 0 && out[len(out)-1].Member == x.Member:
			continue
		}
		out = append(out, x)
	}
	return slices.Clip(out), nil
}

// NoticeLog remembers who was notified of which live session, so that a
// person gets one live-start notice per session across calls, such as
// when groups are added while the session runs. The zero NoticeLog is
// empty and ready to use. A NoticeLog is not safe for concurrent mutation;
// concurrent reads are safe while nobody mutates.
type NoticeLog struct {
	sent map[string]map[string]struct{} // session → members notified
}

// Notify returns the notices of [LiveNotices] for the members not yet
// notified of the session, and records them as notified. A malformed
// input returns the error of LiveNotices and records nothing.
func (l *NoticeLog) Notify(session string, audiences []Audience) ([]Notice, error) {
	all, err := LiveNotices(session, audiences)
	if err != nil {
		return nil, err
	}
	done := l.sent[session]
	out := all[:0]
	for _, n := range all {
		if _, ok := done[n.Member]; !ok {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	if l.sent == nil {
		l.sent = make(map[string]map[string]struct{})
	}
	if done == nil {
		done = make(map[string]struct{}, len(out))
		l.sent[session] = done
	}
	for _, n := range out {
		done[n.Member] = struct{}{}
	}
	return slices.Clip(out), nil
}

// Notified reports whether the member was notified of the session.
func (l *NoticeLog) Notified(session, member string) bool {
	_, ok := l.sent[session][member]
	return ok
}
