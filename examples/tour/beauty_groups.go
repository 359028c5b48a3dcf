package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/groupchat"
)

// yan is a fan of the free group who has not spent enough for membership.
const yan = "yan"

// groups prints the brand's group families and the tier ladder behind
// them, seats the people of the story by their tiers, and shows the live
// announcement, the live badge and the live-start notices.
func groups(w io.Writer, s *story) error {
	b := s.brand
	d := b.Directory()
	para(w, "Private group chats keep interested users close. Puffbloom runs three families",
		"of groups on Xiaohongshu (groupchattest.BeautyBrand): a free community group and",
		"membership groups gated by a tier ladder. A family opens numbered groups as they",
		"fill, each with the owner and the staff seated.")
	t := table{align: "llllr"}
	t.row("family", "kind", "tiers", "fill", "seats a group")
	t.rule()
	for _, f := range b.Families {
		gs, err := d.Groups(f.ID)
		if err != nil {
			return err
		}
		tiers := "anyone"
		if len(f.Tiers) > 0 {
			tiers = strings.Join(f.Tiers, ", ")
		}
		t.row(f.ID, f.Kind.String(), tiers, f.Fill.String(), fmt.Sprint(gs[0].Capacity))
	}
	t.write(w)

	pol := s.tiers.Policy()
	para(w, "The tier ladder behind the gates (groupchat.NewTiers checks it has no gap and no",
		"overlap), and what each tier gives at checkout:")
	t = table{align: "lllrr"}
	t.row("tier", "name", "qualifies by", "discount", "early access")
	t.rule()
	benefits := table{align: "lll"}
	benefits.row("tier", "coupons", "segments (for pricing)")
	benefits.rule()
	for _, id := range s.tiers.IDs() {
		tier, _ := s.tiers.Lookup(id)
		discount, early := "", ""
		if !tier.Benefits.Discount.IsZero() {
			discount = tier.Benefits.Discount.String()
		}
		if tier.Benefits.EarlyAccess > 0 {
			early = hours(tier.Benefits.EarlyAccess)
		}
		t.row(tier.ID, tier.Name, requirement(tier.Requirement), discount, early)
		benefits.row(tier.ID, strings.Join(tier.Benefits.Coupons, ", "), strings.Join(tier.Benefits.Segments, ", "))
	}
	t.write(w)
	benefits.write(w)
	para(w, fmt.Sprintf("Spend counts over a window (%s). A member who no longer qualifies keeps", pol.Window),
		fmt.Sprintf("the tier for %s of grace, then goes %s; paid access lasts %s",
			days(pol.Downgrade.Grace), pol.Downgrade.Mode, days(pol.PaidGrace)),
		"past the paid-through date. Each tier lists the families it may join.")

	// The people of the story, from their events: purchases and the paid
	// membership.
	book, err := groupchat.NewTierBook(s.tiers)
	if err != nil {
		return err
	}
	yuan := func(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }
	for _, e := range []groupchat.BookEvent{
		groupchat.MemberJoined{Member: ann, At: june(1, 10, 0).AddDate(0, -4, 0)},
		groupchat.Purchase{Member: ann, Order: "ann-1", Paid: yuan("620.00"), At: june(1, 10, 0).AddDate(0, -3, 0)},
		groupchat.Purchase{Member: ann, Order: "ann-2", Paid: yuan("480.00"), At: june(1, 10, 0).AddDate(0, -1, 0)},
		groupchat.MemberJoined{Member: mei, At: june(1, 12, 0).AddDate(0, -2, 0)},
		groupchat.Purchase{Member: mei, Order: "mei-1", Paid: yuan("180.00"), At: june(1, 12, 0).AddDate(0, -1, 0)},
		groupchat.Purchase{Member: mei, Order: "mei-2", Paid: yuan("150.00"), At: june(1, 12, 0)},
		groupchat.MemberJoined{Member: yan, At: june(8, 21, 0)},
		groupchat.Purchase{Member: yan, Order: "yan-1", Paid: yuan("120.00"), At: june(8, 21, 5)},
		groupchat.MemberJoined{Member: lin, At: june(18, 19, 40)},
		groupchat.MembershipPaid{Key: "lin-pay-1", Member: lin, Tier: memberTier, At: june(18, 19, 45), Through: june(18, 19, 45).AddDate(0, 1, 0)},
	} {
		if err := book.Record(e); err != nil {
			return err
		}
	}
	at := june(18, 19, 50)
	para(w, fmt.Sprintf("Before the live, at %s, the tier book assigns the story's people their", stamp(at)),
		"tiers from their purchases and payments (TierBook.Assign), and each joins the",
		"groups the tier allows (Directory.Join). Zoe only watches the live: she is in no group.")
	t = table{align: "lllll"}
	t.row("member", "tier", "basis", "until", "seats")
	t.rule()
	for _, m := range book.Members() {
		st, err := book.Assign(m, at)
		if err != nil {
			return err
		}
		tier, _ := s.tiers.Lookup(st.Tier())
		var seats []string
		for _, fam := range tier.Benefits.Groups {
			a, err := d.Join(fam, m, tier.ID)
			if err != nil {
				return err
			}
			seats = append(seats, a.Group)
		}
		until := ""
		if !st.Until().IsZero() {
			until = stamp(st.Until())
		}
		t.row(m, st.Tier(), st.Basis().String(), until, strings.Join(seats, ", "))
	}
	t.write(w)

	_, refused := d.Join("beauty-members", yan, "fan")
	if !errors.Is(refused, groupchat.ErrNotEntitled) {
		return fmt.Errorf("yan joining the members' group: want ErrNotEntitled, got %v", refused)
	}
	x, err := book.Explain(yan, at)
	if err != nil {
		return err
	}
	para(w, "Yan, a fan, cannot enter the members' groups:")
	fmt.Fprintf(w, "%s\n\n", indent(refused.Error()))
	para(w, "TierBook.Explain says why, and by how much she falls short:")
	fmt.Fprintf(w, "%s\n\n", indent(x.String()))

	// The announcement, pinned in every group by the owner.
	text, err := b.Live.Compose(b.Profile, cst)
	if err != nil {
		return err
	}
	para(w, fmt.Sprintf("The live's announcement, within Xiaohongshu's limit of %d %s (LiveAnnouncement.Compose):",
		b.Profile.Announcement.Max, b.Profile.Announcement.Unit))
	fmt.Fprintf(w, "%s\n\n", indent(text))
	para(w, "That is: Puffbloom's first live; join the group and save ¥5, bundles at special",
		"prices, a giveaway in the live room.")

	// At 20:05 the owner is live: the members' group shows the badge, and
	// everyone in the groups is told once, however many groups hold them.
	session := groupchat.LiveSession{ID: "puffbloom-first-live", Account: b.Account, Start: b.Live.Start}
	var audiences []groupchat.Audience
	var online []groupchat.Presence
	for _, f := range b.Families {
		gs, err := d.Groups(f.ID)
		if err != nil {
			return err
		}
		for _, g := range gs {
			ms, err := d.Members(f.ID, g.Seq)
			if err != nil {
				return err
			}
			// The owner and the staff run the live: the members hear of it.
			var members []string
			for _, m := range ms {
				if d.Role(f.ID, m) == groupchat.Member {
					members = append(members, m)
				}
			}
			audiences = append(audiences, groupchat.Audience{Group: g.Name, Members: members})
		}
	}
	for i, m := range book.Members() {
		// The story's members come online a minute apart from 20:01.
		online = append(online, groupchat.Presence{Member: m, From: b.Live.Start.Add(time.Duration(i+1) * time.Minute)})
	}
	badgeAt := b.Live.Start.Add(3 * time.Minute)
	t = table{align: "llr"}
	t.row("group", "badge at "+clock(badgeAt), "online")
	t.rule()
	for _, a := range audiences {
		badge, err := groupchat.LiveBadge(b.Account, []groupchat.LiveSession{session}, a.Members, online, badgeAt)
		if err != nil {
			return err
		}
		shown := "no badge"
		if badge.Live {
			shown = "live: " + badge.Session
		}
		t.row(a.Group, shown, fmt.Sprint(badge.Online))
	}
	para(w, fmt.Sprintf("At %s Puffbloom goes live. Every group shows the live badge; a tap enters the", clock(b.Live.Start)),
		"room (groupchat.LiveBadge, with the members online):")
	t.write(w)

	var log groupchat.NoticeLog
	notices, err := log.Notify(session.ID, audiences)
	if err != nil {
		return err
	}
	again, err := log.Notify(session.ID, audiences)
	if err != nil {
		return err
	}
	var sent []string
	for _, n := range notices {
		sent = append(sent, fmt.Sprintf("%s (via %s)", n.Member, n.Group))
	}
	para(w, fmt.Sprintf("The live-start notice reaches each of the %d people in the groups once,", len(notices)),
		"attributed to the least group ID that holds them (NoticeLog.Notify):", strings.Join(sent, ", ")+".",
		fmt.Sprintf("Sent again after a restart, it notifies %d.", len(again)))
	return nil
}

// requirement describes what a tier asks for: "spend ≥ CNY 300.00 or paid
// membership", or "anyone" for none.
func requirement(r groupchat.Requirement) string {
	var parts []string
	if !r.MinSpend.IsZero() {
		parts = append(parts, "spend ≥ "+r.MinSpend.String())
	}
	if r.MinOrders > 0 {
		parts = append(parts, plural(int64(r.MinOrders), "order"))
	}
	if r.Paid {
		parts = append(parts, "paid membership")
	}
	if len(parts) == 0 {
		return "anyone"
	}
	join := " and "
	if r.Any {
		join = " or "
	}
	return strings.Join(parts, join)
}

// days formats a whole number of days: "30 days".
func days(d time.Duration) string {
	return plural(int64(d/(24*time.Hour)), "day")
}

// indent indents every line of s by four spaces.
func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
