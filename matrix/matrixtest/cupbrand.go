package matrixtest

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// The calibration of the cup brand's matrix; see [CupBrand].
const (
	cupGroupsPerAccount = 35      // "35 group chats on one account" (DOMAIN.md, 002)
	cupCapacity         = 500     // a WeChat or WeCom customer group's seat limit
	cupFans             = 200_000 // the pool of distinct fans the seats are drawn from
	cupProducts         = 7       // commercetest.CupCatalogue's products, cup-prod-01 … 07
	cupSeed1, cupSeed2  = 8, 2024 // the PCG seed: issue 8, the year of the case
)

// cupRoles is the mix of the 30 accounts, in the order they are declared
// and their fans are drawn: one brand account, two managers (the founder
// and a co-founder), twelve buyers, three hosts (the three hosts of
// livetest.CupWeek) and twelve staff accounts.
var cupRoles = [...]struct {
	prefix string
	role   matrix.Role
	count  int
}{
	{"cup-brand", matrix.Brand, 1},
	{"cup-manager-", matrix.Manager, 2},
	{"cup-buyer-", matrix.Buyer, 12},
	{"cup-host-", matrix.Host, 3},
	{"cup-staff-", matrix.Staff, 12},
}

// CupBrand returns the spec of the cup brand's account matrix, Cupwell,
// modelled on Shidajia in DOMAIN.md ("Group chats", source 002): 30+
// accounts with 35 group chats on one account, and a group per product for
// pre-sales. Build it with [matrix.NewNetwork]; it returns a spec rather
// than a network so a test can change it first. Every call returns a fresh
// spec, the same every time.
//
// It is calibrated to the anchors' scale (incentive-group-matrix anchors,
// c): 30 accounts × 35 groups = 1,050 groups, each of capacity 500 and
// full, 525,000 seats.
//
//   - Accounts: "cup-brand" (the brand), "cup-manager-01" and -02,
//     "cup-buyer-01" to -12, "cup-host-a" to -c and "cup-staff-01" to -12:
//     1 brand, 2 managers, 12 buyers, 3 hosts, 12 staff.
//   - Groups: account X owns "X-g01" to "X-g35". The brand's first seven,
//     "cup-brand-g01" to "cup-brand-g07", are the per-product pre-sale
//     groups of commercetest.CupCatalogue's products "cup-prod-01" to
//     "cup-prod-07" (Group.Product).
//   - Notes and rooms: each account posts one note, "X-note", and has
//     one live room, "X-live".
//   - Members: a pool of 200,000 fans, "cup-fan-000000" to
//     "cup-fan-199999". Each seat of a group of the k-th account (in the
//     order above, k = 0 … 29) draws r = ⌊200,000·u²⌋ with u uniform in
//     [0, 1) from a PCG generator seeded (8, 2024), and seats fan
//     (k·200,000/30 + r) mod 200,000, drawing again when that fan is
//     already in the group. Each account thus has its own devoted fans,
//     the ones just past its offset, who are in many of its 35 groups,
//     and a long tail it shares with the other accounts.
//
// The result, checked by this package's tests against the built network:
// 184,378 distinct people hold the 525,000 seats, 2.85 groups each on
// average; 38,964 of them are in one group, and the most devoted fan is
// in 34. Spec.People is left empty, so the people are the members.
func CupBrand() matrix.Spec {
	fans := make([]string, cupFans)
	for i := range fans {
		id := strconv.Itoa(i)
		fans[i] = "cup-fan-" + "000000"[len(id):] + id
	}
	var s matrix.Spec
	for _, r := range cupRoles {
		for k := range r.count {
			id := r.prefix
			switch {
			case r.count == 1:
			case r.role == matrix.Host:
				id += string(rune('a' + k))
			default:
				id += fmt.Sprintf("%02d", k+1)
			}
			s.Accounts = append(s.Accounts, matrix.Account{ID: id, Role: r.role, Name: fmt.Sprintf("Cupwell %s %d", r.role, k+1)})
			s.Notes = append(s.Notes, matrix.Note{ID: id + "-note", Account: id})
			s.Rooms = append(s.Rooms, matrix.Room{ID: id + "-live", Account: id})
		}
	}
	rng := rand.New(rand.NewPCG(cupSeed1, cupSeed2))
	in := make([]int32, cupFans) // in[f] = 1 + the index of the last group fan f joined
	s.Groups = make([]matrix.Group, 0, len(s.Accounts)*cupGroupsPerAccount)
	for k, a := range s.Accounts {
		offset := k * cupFans / len(s.Accounts)
		for j := range cupGroupsPerAccount {
			g := matrix.Group{ID: fmt.Sprintf("%s-g%02d", a.ID, j+1), Owner: a.ID, Capacity: cupCapacity, Members: make([]string, 0, cupCapacity)}
			if a.Role == matrix.Brand && j < cupProducts {
				g.Product = fmt.Sprintf("cup-prod-%02d", j+1)
			}
			stamp := int32(len(s.Groups) + 1)
			for len(g.Members) < cupCapacity {
				u := rng.Float64()
				f := (offset + int(u*u*cupFans)) % cupFans
				if in[f] == stamp {
					continue
				}
				in[f] = stamp
				g.Members = append(g.Members, fans[f])
			}
			s.Groups = append(s.Groups, g)
		}
	}
	return s
}
