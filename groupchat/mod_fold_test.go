package groupchat_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

var modUpdate = flag.Bool("update", false, "rewrite the moderation golden files in testdata")

// modGolden compares got with testdata/name, or rewrites it under
// -update.
func modGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *modUpdate {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), got)
}

// modMsg builds a chat message of group "g" sent sec seconds after modT0.
func modMsg(id, sender string, role groupchat.Role, kind groupchat.MessageKind, sec int, text string) groupchat.Message {
	return groupchat.Message{ID: id, Group: "g", Sender: sender, Role: role, Kind: kind, Text: text, At: modT0.Add(time.Duration(sec) * time.Second)}
}

// modFoldScenario is a flash of traffic when a live starts: the owner's
// announcement, members piling in with "1" (the live-room habit of
// answering "type 1 if you can hear me"), questions, an admin's answer and
// the viewer's own question.
func modFoldScenario() []groupchat.Message {
	const (
		m  = groupchat.Member
		ad = groupchat.Admin
		ow = groupchat.Owner
		ch = groupchat.ChatMessage
	)
	return []groupchat.Message{
		modMsg("m01", "olivia", ow, groupchat.AnnouncementMessage, 0, "Live at 20:00: free lid for the first 100"),
		modMsg("m02", "ann", m, ch, 2, "1"),
		modMsg("m03", "bo", m, ch, 3, "1"),
		modMsg("m04", "cy", m, ch, 3, "1"),
		modMsg("m05", "di", m, ch, 4, "is the 500 ml back?"),
		modMsg("m06", "ed", m, ch, 5, "1"),
		modMsg("m07", "ada", ad, ch, 6, "yes, 500 ml is back"),
		modMsg("m08", "vic", m, ch, 7, "1"),
		modMsg("m09", "fay", m, ch, 8, "which colours?"),
		modMsg("m10", "gus", m, groupchat.SystemMessage, 9, "gus joined the group"),
		modMsg("m11", "olivia", ow, ch, 10, "blue and sand"),
		modMsg("m12", "hal", m, ch, 12, "which colours?"),
		modMsg("m13", "ivy", m, ch, 40, "1"),
		modMsg("m14", "jo", m, ch, 65, "thanks!"),
		modMsg("m15", "kim", m, ch, 70, "1"),
		modMsg("m16", "lu", m, ch, 75, "which colours?"),
		modMsg("m17", "max", m, ch, 200, "late, did I miss it?"),
	}
}

// modFoldLines writes the verdicts next to their messages, one a line.
func modFoldLines(msgs []groupchat.Message, folds []groupchat.Fold) string {
	byID := make(map[string]groupchat.Message, len(msgs))
	for _, m := range msgs {
		byID[m.ID] = m
	}
	var b strings.Builder
	for _, f := range folds {
		m := byID[f.ID]
		fmt.Fprintf(&b, "%s %s %-6s %-6s %-12s %-9s %q\n", m.At.Format("15:04:05"), m.ID, m.Sender, m.Role, m.Kind, f.Reason, m.Text)
	}
	return b.String()
}

// TestFoldGolden folds the scenario for the viewer "vic" with at most 4
// messages a minute.
func TestFoldGolden(t *testing.T) {
	msgs := modFoldScenario()
	folds, err := groupchat.FoldRule{Max: 4, Window: time.Minute}.Apply("vic", msgs)
	require.NoError(t, err)
	modGolden(t, "mod_fold.golden", modFoldLines(msgs, folds))
}

// TestFoldWindowIsHalfOpen: a message exactly Window after another no
// longer shares its window.
func TestFoldWindowIsHalfOpen(t *testing.T) {
	r := groupchat.FoldRule{Max: 1, Window: 10 * time.Second}
	msgs := []groupchat.Message{
		modMsg("a", "ann", groupchat.Member, groupchat.ChatMessage, 0, "x"),
		modMsg("b", "bo", groupchat.Member, groupchat.ChatMessage, 10, "y"),
		modMsg("c", "cy", groupchat.Member, groupchat.ChatMessage, 19, "z"),
	}
	folds, err := r.Apply("vic", msgs)
	require.NoError(t, err)
	assert.Equal(t, []groupchat.Fold{{ID: "a"}, {ID: "b"}, {ID: "c", Reason: groupchat.FoldChatter}}, folds)
	assert.True(t, folds[2].Folded())
	assert.False(t, folds[0].Folded())
}

// TestFoldDuplicates: a repeat of a folded message is no duplicate, since
// the viewer never saw the first, so "d" folds as chatter; "e" repeats the
// shown "a" and folds as a duplicate; "f" repeats it once "a" and "b" have
// left its window, which still holds 4 messages but none shown.
func TestFoldDuplicates(t *testing.T) {
	r := groupchat.FoldRule{Max: 2, Window: time.Minute}
	msgs := []groupchat.Message{
		modMsg("a", "ann", groupchat.Member, groupchat.ChatMessage, 0, "one"),
		modMsg("b", "bo", groupchat.Member, groupchat.ChatMessage, 1, "two"),
		modMsg("c", "cy", groupchat.Member, groupchat.ChatMessage, 2, "three"),
		modMsg("d", "di", groupchat.Member, groupchat.ChatMessage, 3, "three"),
		modMsg("e", "ed", groupchat.Member, groupchat.ChatMessage, 4, "one"),
		modMsg("f", "ann", groupchat.Member, groupchat.ChatMessage, 61, "one"), // "a" left the window
	}
	folds, err := r.Apply("vic", msgs)
	require.NoError(t, err)
	assert.Equal(t, []groupchat.Fold{
		{ID: "a"}, {ID: "b"},
		{ID: "c", Reason: groupchat.FoldChatter},
		{ID: "d", Reason: groupchat.FoldChatter},
		{ID: "e", Reason: groupchat.FoldDuplicate},
		{ID: "f"},
	}, folds)
}

func TestFoldInvalid(t *testing.T) {
	ok := []groupchat.Message{modMsg("a", "ann", groupchat.Member, groupchat.ChatMessage, 0, "x")}
	tests := []struct {
		name   string
		rule   groupchat.FoldRule
		viewer string
		msgs   []groupchat.Message
		field  string
	}{
		{"max 0", groupchat.FoldRule{Window: time.Minute}, "v", ok, "fold rule: max"},
		{"no window", groupchat.FoldRule{Max: 1}, "v", ok, "fold rule: window"},
		{"no viewer", groupchat.FoldRule{Max: 1, Window: time.Minute}, "", ok, "fold: viewer"},
		{"bad message", groupchat.FoldRule{Max: 1, Window: time.Minute}, "v",
			[]groupchat.Message{modMsg("a", "ann", groupchat.Member, 0, 0, "x")}, `message "a": kind`},
		{"two groups", groupchat.FoldRule{Max: 1, Window: time.Minute}, "v",
			[]groupchat.Message{ok[0], {ID: "b", Group: "h", Sender: "bo", Role: groupchat.Member, Kind: groupchat.ChatMessage, Text: "y", At: modT0}}, `message "b": group`},
		{"repeated id", groupchat.FoldRule{Max: 1, Window: time.Minute}, "v",
			[]groupchat.Message{ok[0], modMsg("a", "bo", groupchat.Member, groupchat.ChatMessage, 5, "y")}, `message "a"`},
		// The copies of an ID apart in time, with another message between
		// them in time order.
		{"repeated id apart", groupchat.FoldRule{Max: 1, Window: time.Minute}, "v",
			[]groupchat.Message{modMsg("m1", "ann", groupchat.Member, groupchat.ChatMessage, 0, "x"),
				modMsg("m2", "bo", groupchat.Member, groupchat.ChatMessage, 5, "y"),
				modMsg("m1", "cy", groupchat.Member, groupchat.ChatMessage, 10, "z")}, `message "m1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			folds, err := tt.rule.Apply(tt.viewer, tt.msgs)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Nil(t, folds)
		})
	}
	folds, err := groupchat.FoldRule{Max: 1, Window: time.Minute}.Apply("v", nil)
	require.NoError(t, err)
	assert.Empty(t, folds)
}

func TestFoldReasonString(t *testing.T) {
	assert.Equal(t, "shown", groupchat.FoldShown.String())
	assert.Equal(t, "duplicate", groupchat.FoldDuplicate.String())
	assert.Equal(t, "chatter", groupchat.FoldChatter.String())
	assert.Equal(t, "FoldReason(3)", groupchat.FoldReason(3).String())
}

// modRandomMessages returns n messages of group "g" from a pool of senders
// over span, with repeated texts, every kind and role, and ties in time.
func modRandomMessages(r *rand.Rand, n int, span time.Duration) []groupchat.Message {
	senders := []string{"ann", "bo", "cy", "di", "ed", "fay", "vic", "olivia", "ada"}
	texts := []string{"1", "1", "which colours?", "price?", "link please", "thanks!", "哈哈哈", "🔥🔥"}
	msgs := make([]groupchat.Message, n)
	for i := range msgs {
		s := senders[r.IntN(len(senders))]
		role := groupchat.Member
		switch s {
		case "olivia":
			role = groupchat.Owner
		case "ada":
			role = groupchat.Admin
		}
		kind := groupchat.ChatMessage
		switch r.IntN(20) {
		case 0:
			kind = groupchat.AnnouncementMessage
		case 1:
			kind = groupchat.SystemMessage
		}
		// Whole seconds, so that many messages share an instant.
		at := modT0.Add(time.Duration(r.Int64N(int64(span/time.Second)+1)) * time.Second)
		msgs[i] = groupchat.Message{ID: fmt.Sprintf("m%05d", i), Group: "g", Sender: s, Role: role, Kind: kind, Text: texts[r.IntN(len(texts))], At: at}
	}
	return msgs
}

// TestFoldProperties folds random traffic and checks: any permutation of
// the input gives the same verdicts; announcements, the owner's, admins'
// and the viewer's messages are never folded; outside them, the window
// ending at a shown message holds at most Max shown messages; traffic of
// at most Max in every window folds nothing; a prefix of the messages gets
// the prefix of the verdicts; the input is not changed.
func TestFoldProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20240618, 1))
	n := groupchat.LongCases(2000, 50000)
	for c := range n {
		rule := groupchat.FoldRule{Max: 1 + r.IntN(6), Window: time.Duration(1+r.IntN(120)) * time.Second}
		msgs := modRandomMessages(r, r.IntN(60), time.Duration(1+r.IntN(600))*time.Second)
		orig := slices.Clone(msgs)
		folds, err := rule.Apply("vic", msgs)
		require.NoError(t, err)
		require.Len(t, folds, len(msgs))
		require.Equal(t, orig, msgs, "Apply changed its input")

		shuffled := slices.Clone(msgs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := rule.Apply("vic", shuffled)
		require.NoError(t, err)
		require.Equal(t, folds, again, "case %d: the order of the input changed the verdicts", c)

		byID := make(map[string]groupchat.Message, len(msgs))
		for _, m := range msgs {
			byID[m.ID] = m
		}
		sorted := make([]groupchat.Message, len(folds))
		busy := false
		for i, f := range folds {
			m := byID[f.ID]
			sorted[i] = m
			if i > 0 {
				require.False(t, m.At.Before(sorted[i-1].At), "verdicts out of time order")
			}
			protected := m.Kind == groupchat.AnnouncementMessage || m.Role >= groupchat.Admin || m.Sender == "vic"
			if protected {
				require.False(t, f.Folded(), "case %d: protected message %s folded", c, m.ID)
			}
			inWindow, shown := 0, 0
			for k := 0; k <= i; k++ {
				if sorted[k].At.After(m.At.Add(-rule.Window)) {
					inWindow++
					if !folds[k].Folded() {
						shown++
					}
				}
			}
			if inWindow > rule.Max {
				busy = true
			} else {
				require.False(t, f.Folded(), "case %d: message %s folded with %d in its window", c, m.ID, inWindow)
			}
			if !protected && !f.Folded() {
				require.LessOrEqual(t, shown, rule.Max, "case %d: %d shown in the window of %s", c, shown, m.ID)
			}
		}
		if !busy {
			for _, f := range folds {
				require.False(t, f.Folded())
			}
		}
		// Verdicts depend only on earlier messages: folding a prefix gives
		// the prefix of the verdicts.
		k := r.IntN(len(sorted) + 1)
		prefix, err := rule.Apply("vic", sorted[:k])
		require.NoError(t, err)
		require.Equal(t, folds[:k], prefix, "case %d: the verdicts of a prefix changed", c)
	}
}

func FuzzFold(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint16(30), uint8(20))
	f.Add(uint64(7), uint8(1), uint16(1), uint8(60))
	f.Fuzz(func(t *testing.T, seed uint64, max uint8, window uint16, n uint8) {
		r := rand.New(rand.NewPCG(seed, 2))
		rule := groupchat.FoldRule{Max: int(max%8) + 1, Window: time.Duration(window%600+1) * time.Second}
		msgs := modRandomMessages(r, int(n%80), 300*time.Second)
		folds, err := rule.Apply("vic", msgs)
		require.NoError(t, err)
		r.Shuffle(len(msgs), func(i, j int) { msgs[i], msgs[j] = msgs[j], msgs[i] })
		again, err := rule.Apply("vic", msgs)
		require.NoError(t, err)
		require.Equal(t, folds, again)
	})
}
