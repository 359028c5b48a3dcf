package live

import "time"

// Profile is what the package knows of a platform's limits on one live
// session. A zero limit means no stored source gives one: the package then
// checks nothing against it.
type Profile struct {
	// Platform is the platform the profile describes.
	Platform Platform
	// MinSession is the shortest session the platform lets an account
	// schedule; 0 when no minimum is known.
	MinSession time.Duration
	// MaxSession is the longest session the platform lets an account
	// schedule; 0 when no cap is known. A broadcast longer than the cap
	// is cut into sessions by [Split].
	MaxSession time.Duration
	// MaxProducts is the most SKUs one session's lineup may hold; 0 when
	// no cap is known.
	MaxProducts int
}

// ProfileOf returns the compiled-in profile of p, and false for a value
// that is not a [Platform]. Every number names its source with a tag: [O]
// the platform's own documentation, [not found] a limit no stored source
// gives, left at 0 rather than invented.
//
// Every profile with a cap has MaxSession ≥ 2 × MinSession, which lets
// [Split] keep every part at least MinSession long.
func ProfileOf(p Platform) (Profile, bool) {
	if !p.valid() {
		return Profile{}, false
	}
	if p != TikTok {
		// No stored page states a minimum or maximum length of one
		// session, or a lineup cap, for Xiaohongshu, Douyin or WeChat
		// Channels [not found]; the source articles (seed 002) report an
		// 18-hour day from 07:00 run in one room.
		return Profile{Platform: p}, true
	}
	return Profile{
		Platform: TikTok,
		// A LIVE Event is scheduled for 30 minutes to 13 hours, with at
		// most 100 products (TikTok Shop Seller Center, "LIVE Event",
		// knowledge_id 6837875103172353, as quoted in the anchors, c.3)
		// [O]; an 18 h day needs at least two events.
		MinSession:  30 * time.Minute,
		MaxSession:  13 * time.Hour,
		MaxProducts: 100,
	}, true
}
