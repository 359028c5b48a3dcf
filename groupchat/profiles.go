package groupchat

import "time"

// builtin returns the compiled-in profile of a known platform. Every number
// names its source; the tag says how sure it is: [O] the platform's own
// documentation, [S] a press summary of an official announcement, [L] a
// low-authority page to be confirmed, [seed 002] the brand case this
// library is built on.
func builtin(p Platform) Profile {
	switch p {
	case Xiaohongshu:
		return Profile{
			Platform: Xiaohongshu,
			// 500 members a group chat: daoinsights.com and 36Kr
			// (reportify.ai, 2025-10-21) [S].
			Capacity: 500,
			// Admins: no source gives a cap; Xiaohongshu lets the owner
			// appoint admins [L]. 5 is a conservative placeholder.
			MaxAdmins: 5,
			// Announcement of 200 characters [L].
			Announcement: Limit{Max: 200, Unit: Runes},
			// Group name of 20 characters [L].
			Name: Limit{Max: 20, Unit: Runes},
			Retractions: []Retraction{
				// The owner retracts any message, such as a spammer's
				// ad [seed 002].
				{Role: Owner, Reach: Anyone},
				// Senders recall their own messages within 2 minutes [L].
				{Role: Member, Reach: Own, Window: 2 * time.Minute},
				{Role: Admin, Reach: Own, Window: 2 * time.Minute},
			},
		}
	case WeComCustomer:
		return Profile{
			Platform: WeComCustomer,
			// 500 members a customer group: developer.work.weixin.qq.com
			// (customer groups) [O].
			Capacity: 500,
			// Admins: admin_list of a customer group [O]; 3 [L].
			MaxAdmins: 3,
			// Group notice: no documented length; 500 characters [L].
			Announcement: Limit{Max: 500, Unit: Runes},
			// room_base_name ≤ 40 UTF-8 characters (path/99547) [O].
			Name:        Limit{Max: 40, Unit: Runes},
			Retractions: []Retraction{{Role: Member, Reach: Own, Window: 2 * time.Minute}, {Role: Admin, Reach: Own, Window: 2 * time.Minute}, {Role: Owner, Reach: Own, Window: 2 * time.Minute}},
			// Each customer and each customer group receives at most
			// days-in-month mass messages a month; the admin may switch to
			// 7 a week or 1 a day (path/92135) [O].
			Caps:       []Cap{{Period: Month, Blocks: Natural}, {Period: Week, Limit: 7, Blocks: Natural}, {Period: Day, Limit: 1, Blocks: Natural}},
			AutoCreate: true, // add_join_way auto_create_room (path/92229) [O]
		}
	case WeComInternal:
		return Profile{
			Platform: WeComInternal,
			// 2,000 members an internal group [O].
			Capacity:     2000,
			MaxAdmins:    3,
			Announcement: Limit{Max: 500, Unit: Runes},
			Name:         Limit{Max: 40, Unit: Runes},
			Retractions:  []Retraction{{Role: Member, Reach: Own, Window: 2 * time.Minute}, {Role: Admin, Reach: Own, Window: 2 * time.Minute}, {Role: Owner, Reach: Own, Window: 2 * time.Minute}},
		}
	case WeChat:
		return Profile{
			Platform: WeChat,
			// 500 members a group [L].
			Capacity: 500,
			// Up to 3 admins in groups over 100 members [L].
			MaxAdmins: 3,
			// Announcement: no documented length; 2,000 characters [L].
			Announcement: Limit{Max: 2000, Unit: Runes},
			// Group name of 30 characters [L].
			Name: Limit{Max: 30, Unit: Runes},
			// Self-recall within 2 minutes only; the owner cannot recall
			// others' messages [L].
			Retractions: []Retraction{{Role: Member, Reach: Own, Window: 2 * time.Minute}, {Role: Admin, Reach: Own, Window: 2 * time.Minute}, {Role: Owner, Reach: Own, Window: 2 * time.Minute}},
		}
	case TelegramBasic, TelegramSuper:
		pr := Profile{
			Platform: p,
			// Basic groups hold 200 members, supergroups 200,000
			// (telegramapp.github.io tour/groups) [O].
			Capacity: 200,
			// 50 admins (telegram.org/blog/admin-revolution) [O].
			MaxAdmins: 50,
			// A pinned message is a message: 4,096 characters
			// (core.telegram.org/bots/api sendMessage) [O].
			Announcement: Limit{Max: 4096, Unit: Runes},
			// Title of 1–128 characters (bots/api setChatTitle) [O].
			Name: Limit{Max: 128, Unit: Runes},
			// Admins delete any message; members delete their own at any
			// time (telegram.org/blog/admin-revolution) [O].
			Retractions: []Retraction{{Role: Owner, Reach: Anyone}, {Role: Admin, Reach: Anyone}, {Role: Member, Reach: Own}},
			// Slow mode ∈ {off, 10s, 30s, 1m, 5m, 15m, 1h}
			// (core.telegram.org/method/channels.toggleSlowMode) [O].
			SlowModes: []time.Duration{0, 10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour},
		}
		if p == TelegramSuper {
			pr.Capacity = 200000
		}
		return pr
	case TencentIMWork, TencentIMPublic:
		pr := Profile{
			Platform: p,
			// Work groups hold 200 members, public groups 2,000
			// (cloud.tencent.com document/product/269/9346) [O].
			Capacity: 200,
			// 10 admins a group (document/product/269/1502) [O].
			MaxAdmins: 10,
			// Announcement ≤ 300 bytes, name ≤ 30 bytes (269/1502) [O].
			Announcement: Limit{Max: 300, Unit: Bytes},
			Name:         Limit{Max: 30, Unit: Bytes},
			// Senders recall their own messages within 2 minutes by
			// default; the owner and admins recall any message through the
			// REST API (api/269/12341) [O].
			Retractions: []Retraction{{Role: Owner, Reach: Anyone}, {Role: Admin, Reach: Anyone}, {Role: Member, Reach: Own, Window: 2 * time.Minute}},
		}
		if p == TencentIMPublic {
			pr.Capacity = 2000
		}
		return pr
	}
	return Profile{}
}
