package groupchattest

import (
	"fmt"
	"maps"
	"slices"

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
	// Seat returns a member's seat in a family; a staff member's is in
	// the family's first group, with their role.
	Seat(family, member string) (groupchat.Seat, bool)
	// Banned reports whether a member is banned from a family.
	Banned(family, member string) bool
}

// CheckDirectory returns an error naming the first broken invariant of a
// directory, or nil:
//
//   - the family IDs are sorted, each once;
//   - every family has a group open; no group holds more than its
//     capacity; each group's count equals the people it lists, and it lists
//     nobody twice;
//   - everyone a group lists holds a role in the family: a person listed
//     with role 0 (a "ghost", banned or not) is an error;
//   - a member sits in one group of the family, the one their seat names,
//     and their seat's role is [groupchat.Member];
//   - the staff sit in every group of the family, one of them the owner,
//     and their seat is in the family's first group with their role;
//   - nobody listed is banned.
func CheckDirectory(d Directory) error {
	fams := d.Families()
	for i := 1; i < len(fams); i++ {
		if fams[i-1] >= fams[i] {
			return fmt.Errorf("families not sorted: %q before %q", fams[i-1], fams[i])
		}
	}
	for _, fam := range fams {
		if err := checkFamily(d, fam); err != nil {
			return err
		}
	}
	return nil
}

// checkFamily checks the groups of family fam of d.
func checkFamily(d Directory, fam string) error {
	groups, err := d.Groups(fam)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return fmt.Errorf("family %q: no group open", fam)
	}
	seen := make(map[string]string)          // member → their group
	staff := make(map[string]groupchat.Role) // staff → role
	sits := make(map[string]int)             // staff → groups listing them
	owner := ""
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
		listed := make(map[string]struct{}, len(members))
		hasOwner := false
		for _, m := range members {
			if _, ok := listed[m]; ok {
				return fmt.Errorf("family %q: %q listed twice in %s", fam, m, g.Name)
			}
			listed[m] = struct{}{}
			role := d.Role(fam, m)
			switch role {
			case 0:
				return fmt.Errorf("family %q: %q listed in %s but holds no role", fam, m, g.Name)
			case groupchat.Member:
				if prev, ok := seen[m]; ok {
					return fmt.Errorf("family %q: member %q in %s and %s", fam, m, prev, g.Name)
				}
				seen[m] = g.Name
				if s, ok := d.Seat(fam, m); !ok || s.Group != g.Name {
					return fmt.Errorf("family %q: member %q listed in %s, seat says %q", fam, m, g.Name, s.Group)
				} else if s.Role != role {
					return fmt.Errorf("family %q: member %q: seat says %v", fam, m, s.Role)
				}
			case groupchat.Owner, groupchat.Admin:
				if role == groupchat.Owner {
					if owner != "" && owner != m {
						return fmt.Errorf("family %q: two owners %q and %q", fam, owner, m)
					}
					owner, hasOwner = m, true
				}
				if s, ok := d.Seat(fam, m); !ok || s.Group != groups[0].Name {
					return fmt.Errorf("family %q: %v %q: seat says %q, not the first group %s", fam, role, m, s.Group, groups[0].Name)
				} else if s.Role != role {
					return fmt.Errorf("family %q: %v %q: seat says %v", fam, role, m, s.Role)
				}
				staff[m] = role
				sits[m]++
			default:
				return fmt.Errorf("family %q: %q listed in %s holds %v, not a role", fam, m, g.Name, role)
			}
			if d.Banned(fam, m) {
				return fmt.Errorf("family %q: banned %v %q seated in %s", fam, role, m, g.Name)
			}
		}
		if !hasOwner {
			return fmt.Errorf("family %q: group %s lists no owner", fam, g.Name)
		}
	}
	for _, m := range slices.Sorted(maps.Keys(sits)) {
		if sits[m] != len(groups) {
			return fmt.Errorf("family %q: %v %q sits in %d of %d groups", fam, staff[m], m, sits[m], len(groups))
		}
	}
	return nil
}
