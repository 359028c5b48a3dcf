package matrix_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/matrix"
)

// benchMatrix builds the matrix with a seeded generator: 30
// accounts × 35 groups × 500 seats (1,050 groups, 525,000 seats) drawn
// from 200,000 fans, so the same fans sit in several groups (2.6 on
// average).
func benchMatrix(b *testing.B) (*matrix.Network, [][]string) {
	b.Helper()
	const accounts, groupsPer, seats, fans = 30, 35, 500, 200_000
	r := rand.New(rand.NewPCG(30, 35))
	var s matrix.Spec
	byAccount := make([][]string, accounts)
	for a := range accounts {
		role := matrix.Buyer
		if a == 0 {
			role = matrix.Brand
		}
		id := fmt.Sprintf("acct-%02d", a)
		s.Accounts = append(s.Accounts, matrix.Account{ID: id, Role: role})
		for g := range groupsPer {
			gid := fmt.Sprintf("%s-g%02d", id, g)
			byAccount[a] = append(byAccount[a], gid)
			grp := matrix.Group{ID: gid, Owner: id, Capacity: seats, Members: make([]string, 0, seats)}
			seen := make(map[int]bool, seats)
			for len(grp.Members) < seats {
				f := r.IntN(fans)
				if !seen[f] {
					seen[f] = true
					grp.Members = append(grp.Members, fmt.Sprintf("fan-%06d", f))
				}
			}
			s.Groups = append(s.Groups, grp)
		}
	}
	n, err := matrix.NewNetwork(s)
	if err != nil {
		b.Fatal(err)
	}
	return n, byAccount
}

// BenchmarkPlanDay plans one day for the whole matrix in Shanghai: each
// account has a live (starts staggered from 07:00), announces it 1 hour
// before, at its start and with a share request at its end, previews
// tomorrow's, and queues a product launch into its posting slots; the
// brand also launches to all 1,050 groups. That is 151 announcements and
// 6,300 group touchpoints over 525,000 seats, under person caps (3 a
// calendar day, 2 in any sliding 2 hours), group, account and campaign
// caps and WeCom's, with 1% of fans unidentified under FailOpen. "tight"
// caps hold most touchpoints (person-day 3, person-2h 2, group-day 4),
// often at an early member; "loose" ones (10, 5, 10) send most, so
// nearly every seat is checked against every person cap.
func BenchmarkPlanDay(b *testing.B) {
	n, byAccount := benchMatrix(b)
	for _, limits := range []struct {
		name                  string
		day, twoHours, groups int
	}{{"tight", 3, 2, 4}, {"loose", 10, 5, 10}} {
		b.Run(limits.name, func(b *testing.B) {
			benchPlanDay(b, n, byAccount, limits.day, limits.twoHours, limits.groups)
		})
	}
}

func benchPlanDay(b *testing.B, n *matrix.Network, byAccount [][]string, day, twoHours, groups int) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	caps := append(matrix.WeComCaps(),
		matrix.Cap{ID: "person-day", Level: matrix.PerPerson, Limit: day, Window: matrix.CalendarDays(1)},
		matrix.Cap{ID: "person-2h", Level: matrix.PerPerson, Limit: twoHours, Window: matrix.Sliding(2 * time.Hour)},
		matrix.Cap{ID: "group-day", Level: matrix.PerGroup, Limit: groups, Window: matrix.CalendarDays(1)},
		matrix.Cap{ID: "account-day", Level: matrix.PerAccount, Limit: 6, Window: matrix.CalendarDays(1)},
		matrix.Cap{ID: "campaign-day", Level: matrix.PerCampaign, Limit: 200, Window: matrix.CalendarDays(1)},
	)
	var slots []matrix.Slots
	for _, a := range n.Accounts() {
		slots = append(slots, matrix.Slots{Account: a.ID, Minutes: []int{9 * 60, 12 * 60, 18 * 60}})
	}
	p, err := matrix.NewPlanner(n, matrix.PlannerSpec{Location: sh, Caps: caps, Slots: slots, Identity: matrix.FailOpen})
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2024, 6, 1, 0, 0, 0, 0, sh)
	var req matrix.Request
	req.From = date
	for a, acct := range n.Accounts() {
		start := date.Add(7*time.Hour + time.Duration(a)*30*time.Minute)
		today, tomorrow := fmt.Sprintf("%s-live", acct.ID), fmt.Sprintf("%s-live-next", acct.ID)
		req.Lives = append(req.Lives,
			matrix.Live{ID: today, Account: acct.ID, Start: start, End: start.Add(2 * time.Hour)},
			matrix.Live{ID: tomorrow, Account: acct.ID, Start: start.Add(24 * time.Hour), End: start.Add(26 * time.Hour)})
		for _, k := range []struct {
			kind matrix.AnnouncementKind
			live string
		}{{matrix.Preview1h, today}, {matrix.LiveStart, today}, {matrix.ShareRequest, today}, {matrix.Preview24h, tomorrow}, {matrix.ProductLaunch, ""}} {
			req.Announcements = append(req.Announcements, matrix.Announcement{
				ID: fmt.Sprintf("%s-%s", acct.ID, k.kind), Kind: k.kind, Account: acct.ID, Live: k.live,
				Campaign: "june", Groups: byAccount[a], Priority: a % 3,
			})
		}
	}
	var all []string
	for _, gs := range byAccount {
		all = append(all, gs...)
	}
	req.Announcements = append(req.Announcements, matrix.Announcement{ID: "brand-launch", Kind: matrix.ProductLaunch,
		Account: "acct-00", At: date.Add(10 * time.Hour), Groups: all, Priority: 5})
	for i := 0; i < n.People(); i += 100 {
		req.Unidentified = append(req.Unidentified, n.PersonID(matrix.Member(i)))
	}
	var pl *matrix.Plan
	b.ReportAllocs()
	for b.Loop() {
		if pl, err = p.Plan(req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(pl.Deliveries())), "sent/op")
	b.ReportMetric(float64(len(pl.Suppressed())), "held/op")
}
