package groupchat

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// FoldReason says whether a message is shown to a viewer or folded away,
// and why. The zero value, [FoldShown], shows the message.
type FoldReason uint8

// The fold reasons.
const (
	// FoldShown shows the message.
	FoldShown FoldReason = iota
	// FoldDuplicate folds a message whose text repeats a shown message of
	// the window before it.
	FoldDuplicate
	// FoldChatter folds a message that would take the shown messages of
	// its window over the rule's maximum.
	FoldChatter
	numFoldReasons
)

var foldReasonNames = [numFoldReasons]string{"shown", "duplicate", "chatter"}

// String returns "shown", "duplicate" or "chatter".
func (r FoldReason) String() string {
	if r < numFoldReasons {
		return foldReasonNames[r]
	}
	return fmt.Sprintf("FoldReason(%d)", uint8(r))
}

// Fold is the verdict on one message for one viewer.
type Fold struct {
	// ID is the message's ID.
	ID string
	// Reason is why the message is folded, or [FoldShown].
	Reason FoldReason
}

// Folded reports whether the message is folded away.
func (f Fold) Folded() bool { return f.Reason != FoldShown }

// FoldRule folds the low-priority messages of a busy group for a viewer,
// so that a flood of chatter does not bury what matters.
//
// The messages are taken in order of send time, then ID. The window of a
// message is the span of length Window ending at it: the messages sent
// after its send time minus Window, up to it in that order. A message is
// busy when more than Max messages fall in its window (a sliding window,
// not fixed blocks). A busy message is folded:
//
//   - as a duplicate ([FoldDuplicate]) when its text equals, byte for byte,
//     that of a shown message of its window;
//   - as chatter ([FoldChatter]) when showing it would put more than Max
//     shown messages in its window.
//
// Announcements, messages sent as owner or admin, and the viewer's own
// messages are never folded and count as shown. Messages that are not
// busy are shown, so traffic of at most Max messages in every window
// folds nothing, and outside the protected messages the viewer never sees
// more than Max in a window. A verdict depends only on the message and
// those before it, so it never changes as later messages arrive: a client
// may fold messages as they come in.
type FoldRule struct {
	// Max is the most messages a window may hold before it is busy; at
	// least 1.
	Max int
	// Window is the length of the sliding window; positive.
	Window time.Duration
}

// Validate checks a positive Max and Window.
func (r FoldRule) Validate() error {
	switch {
	case r.Max < 1:
		return fieldErr("fold rule: max", "want at least 1, got %d", r.Max)
	case r.Window <= 0:
		return fieldErr("fold rule: window", "want positive, got %v", r.Window)
	}
	return nil
}

// foldEntry is a message to fold, by index, and its instant in Unix
// nanoseconds.
type foldEntry struct {
	at int64
	i  int
}

// protected reports whether m is never folded for viewer.
func (m *Message) protected(viewer string) bool {
	return m.Kind == AnnouncementMessage || m.Role >= Admin || m.Sender == viewer
}

// Apply folds the messages of one group for viewer and returns one
// verdict per message, in order of send time then ID: the same output for
// any order of msgs. Messages that fail [Message.Validate], of more than
// one group or with a repeated ID are a *[commerce.FieldError], as is an
// invalid rule or viewer. Apply does not change msgs.
func (r FoldRule) Apply(viewer string, msgs []Message) ([]Fold, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := checkID("fold: viewer", viewer); err != nil {
		return nil, err
	}
	for i := range msgs {
		if err := msgs[i].Validate(); err != nil {
			return nil, err
		}
		if msgs[i].Group != msgs[0].Group {
			return nil, fieldErr(fmt.Sprintf("message %q: group", msgs[i].ID), "%q, not %q like message %q", msgs[i].Group, msgs[0].Group, msgs[0].ID)
		}
	}
	// Entries hold no pointers, so sorting them needs no write barriers.
	// Sort by ID first to find a repeated ID wherever its copies fall in
	// time, then on the instants as integers and the IDs: a flood has many
	// messages in one second.
	order := make([]foldEntry, len(msgs))
	for i := range msgs {
		order[i] = foldEntry{at: msgs[i].At.UnixNano(), i: i}
	}
	slices.SortFunc(order, func(a, b foldEntry) int { return strings.Compare(msgs[a.i].ID, msgs[b.i].ID) })
	for k := 1; k < len(order); k++ {
		if id := msgs[order[k].i].ID; id == msgs[order[k-1].i].ID {
			return nil, fieldErr(fmt.Sprintf("message %q", id), "repeated")
		}
	}
	slices.SortFunc(order, func(a, b foldEntry) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return strings.Compare(msgs[a.i].ID, msgs[b.i].ID)
	})

	out := make([]Fold, len(order))
	shownTexts := make(map[string]int) // texts of the shown messages in the window
	lo, total, shown := 0, 0, 0        // window [lo, i); its size and shown count
	w := int64(r.Window)
	for i, e := range order {
		m := &msgs[e.i]
		start := int64(math.MinInt64) // the window holds instants after start
		if e.at >= math.MinInt64+w {
			start = e.at - w
		}
		for ; lo < i && order[lo].at <= start; lo++ {
			total--
			if !out[lo].Folded() {
				shown--
				text := msgs[order[lo].i].Text
				if n := shownTexts[text] - 1; n > 0 {
					shownTexts[text] = n
				} else {
					delete(shownTexts, text)
				}
			}
		}
		total++
		reason := FoldShown
		if total > r.Max && !m.protected(viewer) {
			switch {
			case shownTexts[m.Text] > 0:
				reason = FoldDuplicate
			case shown+1 > r.Max:
				reason = FoldChatter
			}
		}
		out[i] = Fold{ID: m.ID, Reason: reason}
		if reason == FoldShown {
			shown++
			shownTexts[m.Text]++
		}
	}
	return out, nil
}
