package groupchat

import "time"

// builtin returns the compiled-in profile of a known platform. Every number
// names its source, and a tag says how sure it is: [O] the platform's own
// documentation, [C] public source code that quotes it, [S] a press summary
// of an official announcement, [L] a low-authority page, [seed 002] the
// brand case this library is built on, and [assumed] a value no stored
// source gives, chosen to be conservative; a caller who knows better
// declares its own [Profile].
func builtin(p Platform) Profile {
	switch p {
	case Xiaohongshu:
		return Profile{
			Platform: Xiaohongshu,
			// 500 members a group chat (daoinsights.com, "Xiaohongshu
			// doubles down on social networking with group chat") [S].
			Capacity: 500,
			// The owner may appoint several admins; no page gives the
			// number [L]. 3, as on WeChat [assumed].
			MaxAdmins: 3,
			// Announcement of 200 characters (blog.huochengrm.cn) [L].
			Announcement: Limit{Max: 200, Unit: Runes},
			// Group name: not found; 20 characters [assumed].
			Name: Limit{Max: 20, Unit: Runes},
			Retractions: []Retraction{
				// The owner retracts any message, such as a spammer's
				// ad [seed 002].
				{Role: Owner, Reach: Anyone},
				// Senders recall their own messages within 2 minutes,
				// as on WeChat [assumed].
				{Role: Admin, Reach: Own, Window: 2 * time.Minute},
				{Role: Member, Reach: Own, Window: 2 * time.Minute},
			},
			// Owners mute members and the whole group
			// (php.sqjnqi.com) [L].
			MuteMember: true,
			MuteAll:    true,
		}
	case WeComCustomer:
		return Profile{
			Platform: WeComCustomer,
			// 500 members a customer group, WeChat users included since
			// client 3.1.0 (weixinsiwei.com, weibanzhushou.com) [L]; an
			// older official retail manual says 200 with WeChat users [O].
			Capacity: 500,
			// 3 admins a customer group (work.weixin.qq.com retail
			// manual) [O].
			MaxAdmins: 3,
			// Group notice: no documented length; 500 characters
			// [assumed].
			Announcement: Limit{Max: 500, Unit: Runes},
			// room_base_name of an auto-created group ≤ 40 UTF-8
			// characters (developer.work.weixin.qq.com path/99547) [O].
			Name: Limit{Max: 40, Unit: Runes},
			// Own messages within 2 minutes in groups with WeChat users
			// (worktool.apifox.cn) [L]; no source lets the owner recall
			// a customer's message.
			Retractions: ownRecall(2 * time.Minute),
			// Customer groups have anti-harassment rules that warn or
			// remove a member, and no mute [L].
			// Each customer and each customer group receives at most
			// days-in-month mass messages a month; the admin may switch to
			// 7 a week or 1 a day (path/92135, updated 2025-11-17) [O].
			Caps: []Cap{
				{Period: Month, Blocks: CalendarBlocks},
				{Period: Week, Limit: 7, Blocks: CalendarBlocks},
				{Period: Day, Limit: 1, Blocks: CalendarBlocks},
			},
			// add_join_way auto_create_room with room_base_name and
			// room_base_id (path/99547) [O].
			AutoCreate: true,
		}
	case WeComInternal:
		return Profile{
			Platform: WeComInternal,
			// 2,000 members an internal group; app-created chats hold
			// 2–2,000 (appchat/create, as quoted in WeCom SDKs) [C].
			Capacity: 2000,
			// 3 admins (hfbangfu.com) [L].
			MaxAdmins: 3,
			// Group notice: not found; 500 characters [assumed].
			Announcement: Limit{Max: 500, Unit: Runes},
			// Group name ≤ 50 UTF-8 characters (appchat/create) [C].
			Name: Limit{Max: 50, Unit: Runes},
			// Own messages within 24 hours among colleagues
			// (nctoro.com) [L].
			Retractions: ownRecall(24 * time.Hour),
			// No mute found for internal groups [L].
		}
	case WeChat:
		return Profile{
			Platform: WeChat,
			// 500 members a group (help-w.com) [L].
			Capacity: 500,
			// 3 admins (cnqc.cnjdz.net, cm4.cn) [L].
			MaxAdmins: 3,
			// Announcement: not found; 2,000 characters [assumed].
			Announcement: Limit{Max: 2000, Unit: Runes},
			// Group name of 32 characters (nctoro.com) [L].
			Name: Limit{Max: 32, Unit: Runes},
			// Self-recall within 2 minutes only; neither the owner nor
			// an admin recalls others' messages (bai.cneem.com.cn,
			// nctoro.com) [L]. No mute [L].
			Retractions: ownRecall(2 * time.Minute),
		}
	case TelegramBasic, TelegramSuper:
		pr := Profile{
			Platform: p,
			// Basic groups hold 200 members, supergroups 200,000
			// (telegramapp.github.io blog/supergroups, tour/groups) [O].
			Capacity: 200,
			// 50 admins (tgchannel.space FAQ; the API has the error
			// ADMINS_TOO_MUCH but no number) [L].
			MaxAdmins: 50,
			// A pinned message is a message: 1–4,096 characters
			// (core.telegram.org/bots/api sendMessage) [O].
			Announcement: Limit{Max: 4096, Unit: Runes},
			// Title of 1–128 characters (tdlib td_api.tl setChatTitle) [C].
			Name: Limit{Max: 128, Unit: Runes},
			// Admins delete any message (telegram.org blog
			// admin-revolution) [O]; members delete their own, with no
			// time limit found [assumed].
			Retractions: []Retraction{{Role: Owner, Reach: Anyone}, {Role: Admin, Reach: Anyone}, {Role: Member, Reach: Own}},
			// Slow mode ∈ {off, 5s, 10s, 30s, 1m, 5m, 15m, 1h} (tdlib
			// td_api.tl setChatSlowModeDelay) [C].
			SlowModes: []time.Duration{0, 5 * time.Second, 10 * time.Second, 30 * time.Second,
				time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour},
			// setChatPermissions mutes a basic group; restrictChatMember
			// needs a supergroup (core.telegram.org/bots/api) [O].
			MuteAll: true,
		}
		if p == TelegramSuper {
			pr.Capacity = 200000
			pr.MuteMember = true
		}
		return pr
	case TencentIMWork:
		return Profile{
			Platform: TencentIMWork,
			// Work groups default to 200 members (CreateGroupParams
			// maxMemberNum); the plan sets the real cap, 20 to 6,000
			// (cloud.tencent.com document/product/269/9346) [O].
			Capacity: 200,
			// Work groups have no admins by default (269/1502) [O].
			MaxAdmins: 0,
			// Notice ≤ 300 bytes, name ≤ 30 bytes on create and set
			// (trtc.io document/34381) [O].
			Announcement: Limit{Max: 300, Unit: Bytes},
			Name:         Limit{Max: 30, Unit: Bytes},
			// Senders recall their own messages within 2 minutes by
			// default (tencentcloud.com 1047/48016); the owner recalls any
			// message within the roaming period (269/12341) [O].
			Retractions: []Retraction{{Role: Owner, Reach: Anyone}, {Role: Member, Reach: Own, Window: 2 * time.Minute}},
			// Work groups cannot mute members (forbid_send_msg, 269/1627)
			// [O]; no whole-group mute found.
		}
	case TencentIMPublic:
		return Profile{
			Platform: TencentIMPublic,
			// Public groups default to 2,000 members (CreateGroupParams
			// maxMemberNum); the plan sets the real cap (269/9346) [O].
			Capacity: 2000,
			// Admins: the count is not documented for public groups; 10
			// [assumed].
			MaxAdmins:    10,
			Announcement: Limit{Max: 300, Unit: Bytes},
			Name:         Limit{Max: 30, Unit: Bytes},
			// As for work groups, with admins recalling any message
			// (269/12341, 1047/48016) [O].
			Retractions: []Retraction{{Role: Owner, Reach: Anyone}, {Role: Admin, Reach: Anyone}, {Role: Member, Reach: Own, Window: 2 * time.Minute}},
			// Public groups mute members (269/1627) and the whole group
			// (MuteAllMember, modify_group_base_info) [O].
			MuteMember: true,
			MuteAll:    true,
		}
	}
	return Profile{}
}

// ownRecall returns the retractions of a platform where every sender, and
// only the sender, recalls their messages within window.
func ownRecall(window time.Duration) []Retraction {
	return []Retraction{
		{Role: Owner, Reach: Own, Window: window},
		{Role: Admin, Reach: Own, Window: window},
		{Role: Member, Reach: Own, Window: window},
	}
}
