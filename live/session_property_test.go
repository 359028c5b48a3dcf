package live

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// checkSession returns why s breaks the Session invariants, or nil.
func checkSession(s Session) error {
	if !slices.IsSorted(s.hosts) || len(s.hosts) == 0 {
		return fmt.Errorf("hosts %v", s.hosts)
	}
	if !s.end.After(s.start) {
		return fmt.Errorf("schedule %v to %v", s.start, s.end)
	}
	open := len(s.breaks) > 0 && s.breaks[len(s.breaks)-1].To.IsZero()
	switch s.status {
	case Scheduled:
		if !s.started.IsZero() || !s.closed.IsZero() || len(s.breaks) > 0 {
			return errors.New("scheduled with history")
		}
	case Streaming, Interrupted:
		if s.started.IsZero() || !s.closed.IsZero() || open != (s.status == Interrupted) {
			return fmt.Errorf("%v: started %v closed %v open %t", s.status, s.started, s.closed, open)
		}
	case Ended:
		if s.started.IsZero() || s.closed.Before(s.started) || open {
			return errors.New("ended badly")
		}
	case Cancelled:
		if !s.started.IsZero() || s.closed.IsZero() || len(s.breaks) > 0 {
			return errors.New("cancelled badly")
		}
	default:
		return fmt.Errorf("status %v", s.status)
	}
	prev := s.started
	for i, b := range s.breaks {
		if b.From.Before(prev) || (!b.To.IsZero() && b.To.Before(b.From)) || (b.To.IsZero() && i != len(s.breaks)-1) {
			return fmt.Errorf("break %d: %v", i, b)
		}
		prev = b.To
	}
	if s.status == Ended && (prev.After(s.closed) || s.OnAir() < 0 || s.OnAir() > s.closed.Sub(s.started)) {
		return fmt.Errorf("on air %v", s.OnAir())
	}
	return nil
}

// TestSessionRandomTransitions applies random steps at random times,
// some backwards, some zero, and checks that every result is a valid
// session, that a failed step returns the receiver unchanged with an
// error of the documented kind, and that OnAir matches a model that adds
// up the streaming periods.
func TestSessionRandomTransitions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 20240618))
	base := time.Date(2024, 6, 18, 7, 0, 0, 0, time.UTC)
	steps := []struct {
		name string
		do   func(Session, time.Time) (Session, error)
	}{
		{"start", Session.Start}, {"interrupt", Session.Interrupt}, {"resume", Session.Resume},
		{"end", Session.End}, {"cancel", Session.Cancel},
	}
	for n := range longCases(3000, 1_000_000) {
		s, err := NewSession(SessionSpec{
			ID: "s-" + strconv.Itoa(n), Account: "a", Platform: TikTok, Hosts: []string{"h2", "h1"},
			Lineup: []string{"k"}, Selling: true, Start: base, End: base.Add(time.Hour),
		})
		require.NoError(t, err)
		now := base.Add(-time.Hour)
		var onAir time.Duration // the model
		var since time.Time     // when the model's current streaming period began
		for range 12 {
			st := steps[rng.IntN(len(steps))]
			at := now.Add(time.Duration(rng.IntN(120)-20) * time.Minute)
			if rng.IntN(40) == 0 {
				at = time.Time{}
			}
			next, err := st.do(s, at)
			if err != nil {
				require.True(t, errors.Is(err, ErrTransition) || errors.Is(err, commerce.ErrInvalid), "%s: %v", st.name, err)
				require.True(t, next.Equal(s), "%s failed but changed the session", st.name)
				continue
			}
			require.False(t, at.Before(now) && !s.last().IsZero(), "%s went backwards", st.name)
			require.NoError(t, checkSession(next), "%s at %v", st.name, at)
			switch {
			case s.status != Streaming && next.status == Streaming:
				since = at
			case s.status == Streaming && next.status != Streaming:
				onAir += at.Sub(since)
			}
			s, now = next, at
		}
		if s.status == Ended {
			require.Equal(t, onAir, s.OnAir(), "session %s", s.id)
		}
	}
}

// splitZones are the zones TestSplitTiles gives its cuts: UTC, Shanghai,
// New York in summer and a zone 30 minutes off the hour.
var splitZones = [...]*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("EDT", -4*3600), time.FixedZone("IST", 5*3600+1800)}

// TestSplitTiles checks on random broadcasts and cuts that the parts of
// Split tile the broadcast exactly, each within the profile's bounds, in
// as few parts as possible when there are no cuts, with boundaries only
// at a caller's cut, start + max, or end − min, and the same values,
// locations included, whatever the order and zones of the cuts.
func TestSplitTiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 18))
	p, _ := ProfileOf(TikTok)
	base := time.Date(2024, 6, 18, 7, 0, 0, 0, time.UTC)
	for n := range longCases(5000, 1_000_000) {
		total := p.MinSession + time.Duration(rng.Int64N(int64(5*p.MaxSession)))
		if rng.IntN(4) == 0 { // near a multiple of the cap
			total = time.Duration(1+rng.IntN(4))*p.MaxSession + time.Duration(rng.IntN(3)-1)
		}
		var cuts []time.Time
		for range rng.IntN(6) {
			c := base.Add(time.Duration(rng.Int64N(int64(total) + 1)))
			cuts = append(cuts, c.In(splitZones[rng.IntN(len(splitZones))]))
			if rng.IntN(4) == 0 { // the same instant again, in another zone
				cuts = append(cuts, c.In(splitZones[rng.IntN(len(splitZones))]))
			}
		}
		spec := SessionSpec{ID: "b", Account: "a", Platform: TikTok, Hosts: []string{"h"}, Start: base, End: base.Add(total).In(splitZones[rng.IntN(len(splitZones))])}
		parts, err := Split(spec, cuts)
		require.NoError(t, err)
		require.True(t, parts[0].start.Equal(base))
		require.True(t, parts[len(parts)-1].end.Equal(spec.End))
		for i, s := range parts {
			require.NoError(t, checkSession(s))
			d := s.end.Sub(s.start)
			require.True(t, d >= p.MinSession && d <= p.MaxSession, "case %d part %d: %v", n, i, d)
			if i > 0 {
				require.True(t, parts[i-1].end.Equal(s.start), "case %d: gap or overlap before part %d", n, i)
				ok := s.start.Equal(parts[i-1].start.Add(p.MaxSession)) || s.start.Equal(spec.End.Add(-p.MinSession)) ||
					slices.ContainsFunc(cuts, s.start.Equal)
				require.True(t, ok, "case %d: boundary %v", n, s.start)
			}
			if len(parts) > 1 {
				require.Equal(t, "b-"+strconv.Itoa(i+1), s.id)
			}
		}
		if len(cuts) == 0 {
			want := int((total + p.MaxSession - 1) / p.MaxSession)
			require.Len(t, parts, want, "case %d: %v", n, total)
		}
		// Any order of the cuts gives the same parts.
		rng.Shuffle(len(cuts), func(i, j int) { cuts[i], cuts[j] = cuts[j], cuts[i] })
		again, err := Split(spec, cuts)
		require.NoError(t, err)
		require.True(t, slices.EqualFunc(parts, again, Session.Equal))
		require.Equal(t, parts, again, "case %d: byte-identical, locations included", n)
		for i, s := range parts {
			require.Same(t, base.Location(), s.start.Location(), "case %d part %d", n, i)
			require.Same(t, base.Location(), s.end.Location(), "case %d part %d", n, i)
		}
	}
}
