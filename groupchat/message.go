package groupchat

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// MessageKind is what a group message is. The zero value is not a kind.
type MessageKind uint8

// The message kinds.
const (
	// ChatMessage is an ordinary message a member sends.
	ChatMessage MessageKind = iota + 1
	// AnnouncementMessage is a group announcement (群公告) or a pinned
	// notice: never folded away.
	AnnouncementMessage
	// SystemMessage is a line the platform writes, such as "Ann joined the
	// group"; it folds like chatter.
	SystemMessage
	numMessageKinds
)

var messageKindNames = [numMessageKinds]string{"", "chat", "announcement", "system"}

// String returns "chat", "announcement" or "system".
func (k MessageKind) String() string {
	if k > 0 && k < numMessageKinds {
		return messageKindNames[k]
	}
	return fmt.Sprintf("MessageKind(%d)", uint8(k))
}

// Message is one message in a group: who sent it, in which role, what kind
// it is, its text and when it was sent. It is a plain value; the package
// never keeps one beyond a call.
type Message struct {
	// ID identifies the message within its group.
	ID string
	// Group is the group the message was sent in.
	Group string
	// Sender is the member who sent it.
	Sender string
	// Role is the sender's role when the message was sent.
	Role Role
	// Kind is what the message is.
	Kind MessageKind
	// Text is the message's text, non-empty valid UTF-8.
	Text string
	// At is when the message was sent.
	At time.Time
}

// Validate checks the IDs, the role, the kind, a non-empty valid UTF-8 text
// and a send time within the years 1678 to 2262. It returns a
// *[commerce.FieldError] naming the message and the field.
func (m Message) Validate() error {
	if err := checkID("message: id", m.ID); err != nil {
		return err
	}
	// The field names are built only for an error: Validate runs on every
	// message a fold takes.
	bad := func(field, format string, args ...any) error {
		return fieldErr(fmt.Sprintf("message %q: %s", m.ID, field), format, args...)
	}
	if p := ident.Problem(m.Group); p != "" {
		return bad("group", "%s", p)
	}
	if p := ident.Problem(m.Sender); p != "" {
		return bad("sender", "%s", p)
	}
	switch {
	case !m.Role.Valid():
		return bad("role", "unknown %v", m.Role)
	case m.Kind == 0 || m.Kind >= numMessageKinds:
		return bad("kind", "unknown %v", m.Kind)
	case m.Text == "":
		return bad("text", "empty")
	case !utf8.ValidString(m.Text):
		return bad("text", "not valid UTF-8")
	case !saneMoment(m.At):
		return checkMoment(fmt.Sprintf("message %q: at", m.ID), m.At)
	}
	return nil
}

// Equal reports whether m and o are the same message: equal fields, with
// the send times compared as instants.
func (m Message) Equal(o Message) bool {
	return m.ID == o.ID && m.Group == o.Group && m.Sender == o.Sender && m.Role == o.Role &&
		m.Kind == o.Kind && m.Text == o.Text && m.At.Equal(o.At)
}

// LiveAnnouncement is the announcement of the next live session: its
// title, its start and the perks viewers get, in the order the host lists
// them. [LiveAnnouncement.Text] writes it out; [LiveAnnouncement.Compose]
// also checks it against a platform's announcement limit.
type LiveAnnouncement struct {
	// Title names the live session, on one line.
	Title string
	// Start is when the live session starts.
	Start time.Time
	// Perks are the perks viewers get, such as "first 100 orders get a
	// free cup", one line each, in the order given.
	Perks []string
}

// Validate checks a one-line title, a start within the years 1678 to 2262
// and one-line perks, all valid UTF-8 and not blank.
func (a LiveAnnouncement) Validate() error {
	if err := checkAnnouncementLine("live announcement: title", a.Title); err != nil {
		return err
	}
	if err := checkMoment("live announcement: start", a.Start); err != nil {
		return err
	}
	for i, p := range a.Perks {
		if err := checkAnnouncementLine(fmt.Sprintf("live announcement: perks[%d]", i), p); err != nil {
			return err
		}
	}
	return nil
}

// checkAnnouncementLine validates a one-line text field.
func checkAnnouncementLine(field, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return fieldErr(field, "blank")
	case !utf8.ValidString(s):
		return fieldErr(field, "not valid UTF-8")
	case strings.ContainsAny(s, "\r\n"):
		return fieldErr(field, "more than one line")
	}
	return nil
}

// Text writes the announcement: the title, then "Live " and the start in
// loc as "2006-01-02 15:04 MST", then one "- perk" line per perk, in order,
// lines joined by "\n". A nil loc is UTC. The text depends only on the
// announcement and loc; it is not checked against anything, so validate
// first or use [LiveAnnouncement.Compose].
func (a LiveAnnouncement) Text(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	b.WriteString(a.Title)
	b.WriteString("\nLive ")
	b.WriteString(a.Start.In(loc).Format("2006-01-02 15:04 MST"))
	for _, p := range a.Perks {
		b.WriteString("\n- ")
		b.WriteString(p)
	}
	return b.String()
}

// Compose validates the announcement, writes it with
// [LiveAnnouncement.Text] and checks the text against the profile's
// announcement limit. It returns the text, or an error wrapping
// [ErrUnsupported] when the platform has no announcement, [ErrTooLong]
// when the text is over the limit, or a *[commerce.FieldError].
func (a LiveAnnouncement) Compose(p Profile, loc *time.Location) (string, error) {
	if err := a.Validate(); err != nil {
		return "", err
	}
	text := a.Text(loc)
	if err := p.Announcement.Check("announcement", text); err != nil {
		return "", err
	}
	return text, nil
}

// checkMoment rejects a zero instant and one outside the years 1678 to
// 2262, the range the package holds (see toNanos), with outOfRange's
// error.
func checkMoment(field string, t time.Time) error {
	if !saneMoment(t) {
		return outOfRange(field, t)
	}
	return nil
}

// saneMoment reports whether t is within the range the package holds; the
// zero time, in year 1, is not.
func saneMoment(t time.Time) bool {
	_, ok := toNanos(t)
	return ok
}
