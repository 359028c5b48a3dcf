package live_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livecommerce-go/livecommerce/live"
)

func TestPlatformString(t *testing.T) {
	var names []string
	for _, p := range live.Platforms() {
		names = append(names, p.String())
	}
	assert.Equal(t, []string{"xiaohongshu", "douyin", "wechat-channels", "tiktok"}, names)
	assert.Equal(t, "Platform(0)", live.Platform(0).String())
	assert.Equal(t, "Platform(9)", live.Platform(9).String())
}
