package referral

import "strconv"

// Tier is a distributor tier: 0 is an ordinary member, and higher tiers
// earn more. A plan names the rate of each tier; a [TierLadder] assigns
// tiers from a member's figures.
type Tier uint8

// String returns "T" and the tier's number, such as "T2".
func (t Tier) String() string { return "T" + strconv.Itoa(int(t)) }
