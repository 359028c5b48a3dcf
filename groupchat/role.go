package groupchat

import "fmt"

// Role is a member's role in a group. Roles are ordered: an owner outranks
// an admin, who outranks a member. The zero value is not a role.
type Role uint8

// The roles.
const (
	// Member is an ordinary member.
	Member Role = iota + 1
	// Admin is a group administrator (群管理员), appointed by the owner; a
	// platform caps how many a group may have ([Profile.MaxAdmins]).
	Admin
	// Owner is the group's owner (群主), one per group.
	Owner
	numRoles
)

var roleNames = [numRoles]string{"", "member", "admin", "owner"}

// String returns "member", "admin" or "owner".
func (r Role) String() string {
	if r > 0 && r < numRoles {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Valid reports whether r is one of the declared roles.
func (r Role) Valid() bool { return r > 0 && r < numRoles }
