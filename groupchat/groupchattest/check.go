package groupchattest

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/groupchat"
)

// Directory is the read side of a *groupchat.Directory, which satisfies
// it. A service that mirrors a directory in its own storage implements it
// to check the mirror with [CheckDirectory].
type Directory interface {
	// Families returns the family IDs, sorted.
	Families() []string
	// Groups returns a family's groups.
	Groups(family string) ([]groupchat.GroupInfo, error)
	// Members returns the members of a family's group seq, staff included.
	Members(family string, seq int) ([]string, error)
	// Role returns a member's role in a family, or 0 when absent.
	Role(family, member string) groupchat.Role
	// Seat returns a member's seat in a family.
	Seat(family, member string) (groupchat.Seat, bool)
	// Banned reports whether a member is banned from a family.
	Banned(family, member string) bool
}

// CheckDirectory returns an error naming the first broken invariant of a
// directory, or nil: in every family, no group holds more than its
// capacity, each group's count equals the members it lists, no member is
// seated in two groups of one family, every seated member's seat names the
// group that lists them, and no banned member is seated.
func CheckDirectory(d Directory) error {
	for _, fam := range d.Families() {
		groups, err := d.Groups(fam)
		if err != nil {
			return err
		}
		seen := make(map[string]string)
		for _, g := range groups {
			if g.Count > g.Capacity {
				return fmt.Errorf("family %q: group %s holds %d, capacity %d", fam, g.Name, g.Count, g.Capacity)
			}
			members, err := d.Members(fam, g.Seq)
			if err != nil {
				return err
			}
			if len(members) != g.Count {
				return fmt.Errorf("family %q: group %s counts %d but lists %d", fam, g.Name, g.Count, len(members))
			}
			for _, m := range members {
				role := d.Role(fam, m)
				if role != groupchat.Member {
					continue // staff sit in every group
				}
				if prev, ok := seen[m]; ok {
					return fmt.Errorf("family %q: member %q in %s and %s", fam, m, prev, g.Name)
				}
				seen[m] = g.Name
				if s, ok := d.Seat(fam, m); !ok || s.Group != g.Name {
					return fmt.Errorf("family %q: member %q listed in %s, seat says %q", fam, m, g.Name, s.Group)
				}
				if d.Banned(fam, m) {
					return fmt.Errorf("family %q: banned member %q seated in %s", fam, m, g.Name)
				}
			}
		}
	}
	return nil
}
