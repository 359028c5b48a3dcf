package groupchat

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/require"
)

// tierCST is China Standard Time, UTC+8 all year, as a fixed zone so the
// tests need no time-zone database.
var tierCST = time.FixedZone("CST", 8*3600)

// tierYuan parses an amount of yuan, such as "500" or "19.90".
func tierYuan(s string) commerce.Money { return commerce.MustParseMoney("CNY " + s) }

// tierDay returns 10:00 CST on the given day, the tests' usual hour.
func tierDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, tierCST) }

// tierMidnight returns 00:00 CST on the given day.
func tierMidnight(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, tierCST)
}

// tierLadder is the tests' ladder: free; silver for ¥500 of spend or a
// paid silver membership; gold for ¥2,000 or a paid gold membership.
func tierLadder() []Tier {
	return []Tier{
		{ID: "free"},
		{ID: "silver", Requirement: Requirement{MinSpend: tierYuan("500"), Paid: true, Any: true},
			Benefits: Benefits{Discount: commerce.Percent(5), Segments: []string{"group-member"}, Coupons: []string{"join-group-5"}, Groups: []string{"vip-chat"}}},
		{ID: "gold", Requirement: Requirement{MinSpend: tierYuan("2000"), Paid: true, Any: true},
			Benefits: Benefits{Discount: commerce.Percent(10), EarlyAccess: 2 * time.Hour, Segments: []string{"group-member", "gold"},
				Coupons: []string{"join-group-5", "gold-20"}, Groups: []string{"vip-chat", "gold-chat"}}},
	}
}

// tierPolicy is the tests' policy: the ladder in CST with the given
// window and downgrade rule and a 14-day paid grace.
func tierPolicy(w TierWindow, d Downgrade) TierPolicy {
	return TierPolicy{Currency: commerce.CNY, Tiers: tierLadder(), Window: w, Downgrade: d,
		PaidGrace: 14 * 24 * time.Hour, Location: tierCST}
}

// The tests' windows.
func tierRolling() TierWindow { return TierWindow{Kind: Rolling, Days: 365} }
func tierYearly() TierWindow {
	return TierWindow{Kind: FixedPeriod, ResetMonth: time.January, ResetDay: 1, Months: 12}
}

// tierCompile compiles a policy that must be valid.
func tierCompile(tb testing.TB, p TierPolicy) *Tiers {
	tb.Helper()
	ts, err := NewTiers(p)
	require.NoError(tb, err)
	return ts
}

// tierRecord records events that must be accepted.
func tierRecord(tb testing.TB, b *TierBook, events ...BookEvent) {
	tb.Helper()
	for _, e := range events {
		require.NoError(tb, b.Record(e), "%s", e.EventKey())
	}
}
