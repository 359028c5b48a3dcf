package groupchat_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/groupchat"
)

// The announcement of a 618 live, written in Shanghai time and checked
// against two platforms: Xiaohongshu counts 200 characters, Tencent IM 300
// bytes, and a Chinese character takes three.
func ExampleLiveAnnouncement_Compose() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	a := groupchat.LiveAnnouncement{
		Title: "618 保温杯直播",
		Start: time.Date(2024, 6, 18, 20, 0, 0, 0, shanghai),
		Perks: []string{"前100单送杯盖", "满199减20"},
	}
	xhs, _ := groupchat.ProfileOf(groupchat.Xiaohongshu)
	text, err := a.Compose(xhs, shanghai)
	fmt.Println(text)
	fmt.Println(err)

	a.Perks = append(a.Perks, strings.Repeat("好", 90))
	tim, _ := groupchat.ProfileOf(groupchat.TencentIMWork)
	_, err = a.Compose(tim, shanghai)
	fmt.Println(err)
	// Output:
	// 618 保温杯直播
	// Live 2024-06-18 20:00 CST
	// - 前100单送杯盖
	// - 满199减20
	// <nil>
	// groupchat: announcement: 353 bytes, limit 300: text too long
}

// The owner of a Xiaohongshu group recalls a spammer's ad at any time; in
// a personal WeChat group nobody may recall another member's message, and
// a member's own recall closes two minutes after sending.
func ExampleModerator_Retract() {
	sent := time.Date(2024, 6, 18, 12, 0, 0, 0, time.UTC)
	ad := groupchat.Message{ID: "m-7", Group: "cups-1", Sender: "spammer", Role: groupchat.Member,
		Kind: groupchat.ChatMessage, Text: "cheap cups, add me", At: sent}
	owner := groupchat.Actor{ID: "olivia", Role: groupchat.Owner}

	xhs, _ := groupchat.ProfileOf(groupchat.Xiaohongshu)
	m, _ := groupchat.NewModerator("cups-1", xhs)
	audit, err := m.Retract(owner, ad, sent.Add(3*time.Hour))
	fmt.Println(audit, err)

	wechat, _ := groupchat.ProfileOf(groupchat.WeChat)
	w, _ := groupchat.NewModerator("cups-1", wechat)
	_, err = w.Retract(owner, ad, sent.Add(time.Minute))
	fmt.Println(errors.Is(err, groupchat.ErrUnsupported), err)

	spammer := groupchat.Actor{ID: "spammer", Role: groupchat.Member}
	fmt.Println(w.CanRetract(spammer, ad, sent.Add(2*time.Minute-time.Second)))
	fmt.Println(w.CanRetract(spammer, ad, sent.Add(2*time.Minute)))
	// Output:
	// 2024-06-18T15:00:00Z group "cups-1": owner "olivia" retract member "spammer" message "m-7": "owner over anyone, 3h0m0s after sending" <nil>
	// true groupchat: group "cups-1": owner "olivia" retract a member's message "m-7" on wechat: not supported by the platform
	// <nil>
	// groupchat: group "cups-1": member "spammer" retract message "m-7" 2m0s after sending, window 2m0s: window closed
}

// WeCom lets a customer group receive one mass message a day when the
// admin chooses so. The second broadcast of the day is refused whole,
// naming the group and the cap; Plan splits it for a caller who would
// rather reach the rest.
func ExampleOutbox_Send() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	daily := groupchat.Cap{Period: groupchat.Day, Limit: 1, Blocks: groupchat.CalendarBlocks}
	o, _ := groupchat.NewOutbox(shanghai, daily)

	morning := time.Date(2024, 6, 18, 9, 0, 0, 0, shanghai)
	fmt.Println(o.Send(groupchat.Broadcast{Key: "preview", At: morning, Groups: []string{"cups-1"}}))

	evening := groupchat.Broadcast{Key: "live-start", At: morning.Add(11 * time.Hour), Groups: []string{"cups-1", "cups-2"}}
	err := o.Send(evening)
	var ce *groupchat.CapError
	if errors.As(err, &ce) {
		fmt.Println(ce.Recipient, ce.Cap, ce.Count, ce.Limit)
	}
	fmt.Println(err)

	plan, _ := o.Plan(evening)
	fmt.Println(plan.Allowed.Groups, len(plan.Suppressed))
	fmt.Println(o.Send(plan.Allowed), o.Len())
	// Output:
	// <nil>
	// group "cups-1" 1 per natural day 1 1
	// groupchat: broadcast to group "cups-1": 1 per natural day: 1 of 1 sent in [2024-06-18T00:00:00+08:00, 2024-06-19T00:00:00+08:00): broadcast cap reached
	// [cups-2] 1
	// <nil> 2
}

// WeCom's default cap follows the calendar: a member may receive 29 mass
// messages in February 2024 and 31 in March.
func ExampleCap_Window() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	monthly := groupchat.Cap{Period: groupchat.Month, Blocks: groupchat.CalendarBlocks}
	for _, at := range []time.Time{
		time.Date(2024, 2, 10, 9, 0, 0, 0, shanghai),
		time.Date(2024, 3, 10, 9, 0, 0, 0, shanghai),
	} {
		from, to, limit := monthly.Window(at, shanghai)
		fmt.Println(from.Format("Jan 2"), "to", to.Format("Jan 2"), limit)
	}
	thirty := groupchat.Cap{Period: groupchat.Month, Blocks: groupchat.FixedBlocks}
	from, to, limit := thirty.Window(time.Date(2024, 6, 18, 9, 0, 0, 0, shanghai), shanghai)
	fmt.Println(from.Format("Jan 2"), "to", to.Format("Jan 2"), limit)
	// Output:
	// Feb 1 to Mar 1 29
	// Mar 1 to Apr 1 31
	// Jun 16 to Jul 16 30
}

// A flood of "1"s when the live starts: with at most 3 messages a minute,
// repeats and chatter fold away for the viewer, while the owner's
// announcement and the admin's answer stay.
func ExampleFoldRule_Apply() {
	t0 := time.Date(2024, 6, 18, 12, 0, 0, 0, time.UTC)
	msg := func(id, sender string, role groupchat.Role, kind groupchat.MessageKind, sec int, text string) groupchat.Message {
		return groupchat.Message{ID: id, Group: "cups-1", Sender: sender, Role: role, Kind: kind, Text: text, At: t0.Add(time.Duration(sec) * time.Second)}
	}
	msgs := []groupchat.Message{
		msg("m1", "olivia", groupchat.Owner, groupchat.AnnouncementMessage, 0, "We are live!"),
		msg("m2", "ann", groupchat.Member, groupchat.ChatMessage, 1, "1"),
		msg("m3", "bo", groupchat.Member, groupchat.ChatMessage, 2, "price?"),
		msg("m4", "cy", groupchat.Member, groupchat.ChatMessage, 3, "1"),
		msg("m5", "ada", groupchat.Admin, groupchat.ChatMessage, 4, "¥99 tonight"),
		msg("m6", "di", groupchat.Member, groupchat.ChatMessage, 5, "colours?"),
	}
	folds, _ := groupchat.FoldRule{Max: 3, Window: time.Minute}.Apply("vic", msgs)
	for _, f := range folds {
		fmt.Println(f.ID, f.Reason)
	}
	// Output:
	// m1 shown
	// m2 shown
	// m3 shown
	// m4 duplicate
	// m5 shown
	// m6 chatter
}

// The live badge of a group and the live-start notices of a brand's
// groups: a fan in three groups hears once, and a second call, after a
// restart say, notifies nobody.
func ExampleNoticeLog_Notify() {
	start := time.Date(2024, 6, 18, 12, 0, 0, 0, time.UTC)
	sessions := []groupchat.LiveSession{{ID: "s-618", Account: "olivia", Start: start}}
	online := []groupchat.Presence{{Member: "ann", From: start.Add(-time.Hour)}, {Member: "bo", From: start}}
	badge, _ := groupchat.LiveBadge("olivia", sessions, []string{"ann", "bo", "cy"}, online, start.Add(time.Minute))
	fmt.Printf("%+v\n", badge)

	groups := []groupchat.Audience{
		{Group: "cups-2", Members: []string{"ann", "cy"}},
		{Group: "cups-1", Members: []string{"ann", "bo"}},
		{Group: "vip", Members: []string{"ann"}},
	}
	var log groupchat.NoticeLog
	notices, _ := log.Notify("s-618", groups)
	fmt.Println(notices)
	notices, _ = log.Notify("s-618", groups)
	fmt.Println(notices)
	// Output:
	// {Live:true Session:s-618 Online:2}
	// [{ann cups-1} {bo cups-1} {cy cups-2}]
	// []
}
