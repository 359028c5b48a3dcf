package live

import (
	"slices"
	"strconv"
	"strings"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// ReminderReason says why a person is reminded that a session starts: a
// set of bits, [FollowsAccount], [InGroup] or both.
type ReminderReason uint8

// The reasons.
const (
	// FollowsAccount is a person who follows the streaming account.
	FollowsAccount ReminderReason = 1 << iota
	// InGroup is a member of one of the account's group chats.
	InGroup
)

// String returns "follower", "group member" or "follower and group
// member".
func (r ReminderReason) String() string {
	switch r {
	case FollowsAccount:
		return "follower"
	case InGroup:
		return "group member"
	case FollowsAccount | InGroup:
		return "follower and group member"
	}
	return "ReminderReason(" + strconv.Itoa(int(r)) + ")"
}

// Reminder is one person to remind that a session starts, and why.
type Reminder struct {
	// Person is the person's ID.
	Person string
	// Why is [FollowsAccount], [InGroup] or both.
	Why ReminderReason
}

// Reminders returns who to remind when a session starts: the followers of
// the account and the members of its groups (live on Xiaohongshu is
// largely private-domain: followers get the reminder, seed 003), each
// person once, sorted by ID, each with why. Either slice may repeat IDs
// and the two may overlap; any order of either gives the same result. An
// invalid ID is a *[commerce.FieldError] naming the slice and the index.
//
// It makes one allocation, the result, and sorts once: a million people
// take one slice of 24-byte reminders. The result keeps the capacity of
// len(followers) + len(members); clone it to hold a long-lived copy of
// a heavily overlapping audience in less memory.
func Reminders(followers, members []string) ([]Reminder, error) {
	// The field's name is built only on the error path.
	for i, id := range followers {
		if ident.Problem(id) != "" {
			return nil, checkID("reminders: follower "+strconv.Itoa(i), id)
		}
	}
	for i, id := range members {
		if ident.Problem(id) != "" {
			return nil, checkID("reminders: member "+strconv.Itoa(i), id)
		}
	}
	out := make([]Reminder, 0, len(followers)+len(members))
	for _, id := range followers {
		out = append(out, Reminder{Person: id, Why: FollowsAccount})
	}
	for _, id := range members {
		out = append(out, Reminder{Person: id, Why: InGroup})
	}
	// Equal persons may sort in any order: their reasons are OR-ed.
	slices.SortFunc(out, func(a, b Reminder) int { return strings.Compare(a.Person, b.Person) })
	// Merge runs of one person, OR-ing their reasons.
	n := 0
	for i := 0; i < len(out); i++ {
		if n > 0 && out[n-1].Person == out[i].Person {
			out[n-1].Why |= out[i].Why
			continue
		}
		out[n] = out[i]
		n++
	}
	clear(out[n:]) // drop the strings the tail still references
	return out[:n], nil
}
