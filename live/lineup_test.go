package live_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/live"
)

// lineupOf returns n SKUs of which own are the account's own brand.
func lineupOf(own, n int) []live.LineupItem {
	items := make([]live.LineupItem, n)
	for i := range items {
		items[i] = live.LineupItem{SKU: fmt.Sprintf("sku-%03d", i), Brand: "other", Own: false}
		if i < own {
			items[i].Brand, items[i].Own = "own", true
		}
	}
	return items
}

func TestOwnShare(t *testing.T) {
	tests := []struct {
		own, n int
		want   string
	}{
		// About 80 of 100 SKUs own: "front store, back factory" (DOMAIN.md).
		{80, 100, "4/5"},
		{0, 3, "0/1"},
		{3, 3, "1/1"},
		{1, 3, "1/3"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			r, err := live.OwnShare(lineupOf(tc.own, tc.n))
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.String())
		})
	}
}

func TestOwnShareErrors(t *testing.T) {
	tests := []struct {
		name  string
		items []live.LineupItem
		msg   string
	}{
		{"empty", nil, "lineup: empty"},
		{"bad sku", []live.LineupItem{{SKU: "", Brand: "b"}}, "lineup: item 0: sku: empty"},
		{"bad brand", []live.LineupItem{{SKU: "a", Brand: "b"}, {SKU: "c", Brand: "\t"}}, "lineup: item 1: brand"},
		{"duplicate sku", []live.LineupItem{{SKU: "a", Brand: "b"}, {SKU: "c", Brand: "b"}, {SKU: "a", Brand: "b"}},
			`lineup: item 2: sku: "a" repeats item 0`},
		{"brand both own and not", []live.LineupItem{{SKU: "a", Brand: "b", Own: true}, {SKU: "c", Brand: "b"}},
			`lineup: item 1: own: brand "b" is own=false here and own=true at item 0`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := live.OwnShare(tc.items)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tc.msg)
			_, err = live.Classify(live.AccountFacts{SelectsForFans: true, Lineup: tc.items}, live.Thresholds{})
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name       string
		facts      live.AccountFacts
		th         live.Thresholds
		role       live.Role
		frontStore bool
		reasons    []string
	}{
		{"front-store buyer at exactly 4/5", live.AccountFacts{SelectsForFans: true, Lineup: lineupOf(80, 100)}, live.Thresholds{},
			live.Buyer, true, []string{
				"a creator selecting products for fans: buyer (买手)",
				"own or close-supplier SKUs 80 of 100, share 4/5 ≥ 4/5: front store, back factory",
			}},
		{"buyer one SKU short", live.AccountFacts{SelectsForFans: true, Lineup: lineupOf(79, 100)}, live.Thresholds{},
			live.Buyer, false, []string{
				"a creator selecting products for fans: buyer (买手)",
				"own or close-supplier SKUs 79 of 100, share 79/100 < 4/5: not front store, back factory",
			}},
		{"buyer with a custom threshold", live.AccountFacts{SelectsForFans: true, Lineup: lineupOf(79, 100)},
			live.Thresholds{FrontStore: commerce.MustNewRatio(3, 4)}, live.Buyer, true, []string{
				"a creator selecting products for fans: buyer (买手)",
				"own or close-supplier SKUs 79 of 100, share 79/100 ≥ 3/4: front store, back factory",
			}},
		{"manager", live.AccountFacts{BrandOwnerOnCamera: true, Lineup: lineupOf(5, 5)}, live.Thresholds{},
			live.Manager, false, []string{
				"the brand owner appears on camera: manager (主理人)",
				"own or close-supplier SKUs 5 of 5, share 1/1",
			}},
		{"manager who also selects", live.AccountFacts{BrandOwnerOnCamera: true, SelectsForFans: true, Lineup: lineupOf(4, 5)}, live.Thresholds{},
			live.Manager, false, []string{
				"the brand owner appears on camera: manager (主理人)",
				"also selects for fans, but the brand owner on camera decides",
				"own or close-supplier SKUs 4 of 5, share 4/5",
			}},
		{"merchant", live.AccountFacts{Lineup: lineupOf(2, 4)}, live.Thresholds{},
			live.Merchant, false, []string{
				"neither the brand owner on camera nor a creator selecting for fans: merchant (商家)",
				"own or close-supplier SKUs 2 of 4, share 1/2",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := live.Classify(tc.facts, tc.th)
			require.NoError(t, err)
			assert.Equal(t, tc.role, c.Role)
			assert.Equal(t, tc.frontStore, c.FrontStore)
			assert.Equal(t, tc.reasons, c.Reasons)
			share, err := live.OwnShare(tc.facts.Lineup)
			require.NoError(t, err)
			assert.True(t, share.Equal(c.OwnShare))
			assert.Equal(t, len(tc.facts.Lineup), c.SKUs)
		})
	}
}

func TestClassifyThresholdErrors(t *testing.T) {
	for _, r := range []commerce.Ratio{commerce.MustNewRatio(-1, 2), commerce.MustNewRatio(5, 4)} {
		_, err := live.Classify(live.AccountFacts{Lineup: lineupOf(1, 1)}, live.Thresholds{FrontStore: r})
		require.ErrorIs(t, err, commerce.ErrInvalid, r)
		assert.Contains(t, err.Error(), "thresholds: front store: "+r.String()+" is not above 0 and at most 1")
	}
	_, err := live.Classify(live.AccountFacts{Lineup: lineupOf(1, 1)}, live.Thresholds{FrontStore: commerce.MustNewRatio(1, 1)})
	assert.NoError(t, err)
}

func TestRoleString(t *testing.T) {
	assert.Equal(t, "merchant buyer manager Role(0) Role(4)", fmt.Sprint(live.Merchant, live.Buyer, live.Manager, live.Role(0), live.Role(4)))
}
