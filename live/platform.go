package live

import "fmt"

// Platform names a live-streaming platform whose rules the package knows.
// The zero value is not a platform.
type Platform uint8

// The platforms.
const (
	// Xiaohongshu is Xiaohongshu (小红书, RED) live.
	Xiaohongshu Platform = iota + 1
	// Douyin is Douyin (抖音) live, with its 罗盘 (Compass) analytics.
	Douyin
	// WeChatChannels is WeChat Channels (视频号) live.
	WeChatChannels
	// TikTok is TikTok LIVE, Douyin's international twin, whose Seller
	// Center publishes its limits and metric definitions.
	TikTok
	numPlatforms
)

var platformNames = [numPlatforms]string{"", "xiaohongshu", "douyin", "wechat-channels", "tiktok"}

// String returns the platform's name, such as "wechat-channels".
func (p Platform) String() string {
	if p > 0 && p < numPlatforms {
		return platformNames[p]
	}
	return fmt.Sprintf("Platform(%d)", uint8(p))
}

// Platforms returns every platform, in declaration order.
func Platforms() []Platform {
	ps := make([]Platform, 0, numPlatforms-1)
	for p := Platform(1); p < numPlatforms; p++ {
		ps = append(ps, p)
	}
	return ps
}

// valid reports whether p is a declared platform.
func (p Platform) valid() bool { return p > 0 && p < numPlatforms }
