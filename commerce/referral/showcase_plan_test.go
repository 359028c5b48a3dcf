package referral_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// scCST is China Standard Time, where the platforms' plans start and end.
var scCST = time.FixedZone("CST", 8*3600)

// scDay returns midnight CST of a day of 2024.
func scDay(month time.Month, day int) time.Time {
	return time.Date(2024, month, day, 0, 0, 0, 0, scCST)
}

func TestChooseShowcasePlan(t *testing.T) {
	open := referral.ShowcasePlan{ID: "open", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(20)}
	open2 := referral.ShowcasePlan{ID: "open-2", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(25)}
	openSameRate := referral.ShowcasePlan{ID: "open-0", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(25)}
	// TikTok Shop: the target collaboration's rate always replaces the open
	// rate, even when it is lower.
	targetedLow := referral.ShowcasePlan{ID: "t-low", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(15), Creators: []string{"kol-a", "kol-b"}}
	targetedHigh := referral.ShowcasePlan{ID: "t-high", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(30), Creators: []string{"kol-b"}}
	june := referral.ShowcasePlan{ID: "t-june", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(40), Creators: []string{"kol-a"},
		From: scDay(time.June, 1), To: scDay(time.July, 1)}
	exclusive := referral.ShowcasePlan{ID: "x", Kind: referral.ShowcaseExclusive, Rate: commerce.Percent(10), Creators: []string{"kol-x"},
		From: scDay(time.June, 18), To: scDay(time.June, 19)}

	tests := []struct {
		name    string
		plans   []referral.ShowcasePlan
		creator string
		at      time.Time
		want    string // the chosen plan's ID, or "" for ErrNoShowcasePlan
	}{
		{"open only", []referral.ShowcasePlan{open}, "kol-a", scDay(time.May, 1), "open"},
		{"the higher open rate", []referral.ShowcasePlan{open, open2}, "kol-a", scDay(time.May, 1), "open-2"},
		{"equal rates: the lower ID", []referral.ShowcasePlan{open2, openSameRate, open}, "kol-a", scDay(time.May, 1), "open-0"},
		{"targeted over open, even at a lower rate", []referral.ShowcasePlan{open2, targetedLow}, "kol-a", scDay(time.May, 1), "t-low"},
		{"targeted names another creator", []referral.ShowcasePlan{open, targetedHigh}, "kol-a", scDay(time.May, 1), "open"},
		{"two targeted: the higher rate", []referral.ShowcasePlan{targetedLow, targetedHigh, open}, "kol-b", scDay(time.May, 1), "t-high"},
		{"targeted before its window", []referral.ShowcasePlan{open, june}, "kol-a", scDay(time.May, 31), "open"},
		{"targeted from its first instant", []referral.ShowcasePlan{open, june}, "kol-a", scDay(time.June, 1), "t-june"},
		{"targeted at its end: over", []referral.ShowcasePlan{open, june}, "kol-a", scDay(time.July, 1), "open"},
		{"exclusive for its creator", []referral.ShowcasePlan{open, targetedHigh, exclusive}, "kol-x", scDay(time.June, 18), "x"},
		{"exclusive shuts out a targeted creator", []referral.ShowcasePlan{open, targetedHigh, exclusive}, "kol-b", scDay(time.June, 18).Add(time.Hour), ""},
		{"exclusive shuts out the open plan", []referral.ShowcasePlan{open, exclusive}, "kol-a", scDay(time.June, 18), ""},
		{"exclusive over: back to targeted", []referral.ShowcasePlan{open, targetedHigh, exclusive}, "kol-b", scDay(time.June, 19), "t-high"},
		{"exclusive over, creator in no other plan", []referral.ShowcasePlan{targetedHigh, exclusive}, "kol-x", scDay(time.June, 19), ""},
		{"no plans", nil, "kol-a", scDay(time.May, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := referral.ChooseShowcasePlan(tt.plans, tt.creator, tt.at)
			if tt.want == "" {
				require.ErrorIs(t, err, referral.ErrNoShowcasePlan)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.ID)
		})
	}
}

func TestChooseShowcasePlanMessages(t *testing.T) {
	exclusive := referral.ShowcasePlan{ID: "x", Kind: referral.ShowcaseExclusive, Rate: commerce.Percent(10), Creators: []string{"kol-x"}}
	_, err := referral.ChooseShowcasePlan([]referral.ShowcasePlan{exclusive}, "kol-a", scDay(time.June, 18))
	assert.EqualError(t, err, `referral: showcase plan for "kol-a" at 2024-06-18T00:00:00+08:00: the product is exclusive to other creators: no showcase plan applies`)
	_, err = referral.ChooseShowcasePlan(nil, "kol-a", scDay(time.June, 18))
	assert.EqualError(t, err, `referral: showcase plan for "kol-a" at 2024-06-18T00:00:00+08:00: no plan in effect covers the creator: no showcase plan applies`)
}

func TestChooseShowcasePlanCopiesCreators(t *testing.T) {
	plans := []referral.ShowcasePlan{{ID: "t", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(10), Creators: []string{"kol-a"}}}
	got, err := referral.ChooseShowcasePlan(plans, "kol-a", scDay(time.May, 1))
	require.NoError(t, err)
	got.Creators[0] = "changed"
	assert.Equal(t, "kol-a", plans[0].Creators[0])
}

func TestShowcasePlanValidate(t *testing.T) {
	valid := referral.ShowcasePlan{ID: "t", Kind: referral.ShowcaseTargeted, Rate: commerce.Percent(10), Creators: []string{"kol-a", "kol-b"},
		From: scDay(time.June, 1), To: scDay(time.July, 1)}
	tests := []struct {
		name   string
		modify func(*referral.ShowcasePlan)
		msg    string // "" for a valid plan
	}{
		{"valid", func(*referral.ShowcasePlan) {}, ""},
		{"open, no window", func(p *referral.ShowcasePlan) {
			p.Kind, p.Creators, p.From, p.To = referral.ShowcaseOpen, nil, time.Time{}, time.Time{}
		}, ""},
		{"start only", func(p *referral.ShowcasePlan) { p.To = time.Time{} }, ""},
		{"no ID", func(p *referral.ShowcasePlan) { p.ID = "" }, "showcase plan: id: empty"},
		{"no kind", func(p *referral.ShowcasePlan) { p.Kind = 0 }, `showcase plan "t": kind: unknown ShowcasePlanKind(0)`},
		{"kind past the table", func(p *referral.ShowcasePlan) { p.Kind = 4 }, "kind: unknown ShowcasePlanKind(4)"},
		{"rate over 100%", func(p *referral.ShowcasePlan) { p.Rate = commerce.Percent(101) }, `showcase plan "t": rate: 101% is over 100%`},
		{"empty window", func(p *referral.ShowcasePlan) { p.To = p.From }, "window: from 2024-06-01T00:00:00+08:00 is not before to 2024-06-01T00:00:00+08:00"},
		{"open naming creators", func(p *referral.ShowcasePlan) { p.Kind = referral.ShowcaseOpen }, "an open plan names no creators, got 2"},
		{"targeted naming nobody", func(p *referral.ShowcasePlan) { p.Creators = nil }, "a targeted plan names at least one creator"},
		{"exclusive naming nobody", func(p *referral.ShowcasePlan) { p.Kind, p.Creators = referral.ShowcaseExclusive, nil }, "an exclusive plan names"},
		{"bad creator", func(p *referral.ShowcasePlan) { p.Creators = []string{"kol-a", ""} }, `showcase plan "t": creators[1]: empty`},
		{"repeated creator", func(p *referral.ShowcasePlan) { p.Creators = []string{"kol-a", "kol-a"} }, `creators[1]: duplicate "kol-a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid
			tt.modify(&p)
			err := p.Validate()
			if tt.msg == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
			_, err = referral.ChooseShowcasePlan([]referral.ShowcasePlan{p}, "kol-a", scDay(time.June, 2))
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
}

func TestChooseShowcasePlanErrors(t *testing.T) {
	a := referral.ShowcasePlan{ID: "a", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(10)}
	bad := referral.ShowcasePlan{ID: "b", Kind: referral.ShowcaseOpen, Rate: commerce.Percent(-1)}
	worse := referral.ShowcasePlan{ID: "c", Kind: 0}
	tests := []struct {
		name    string
		plans   []referral.ShowcasePlan
		creator string
		msg     string
	}{
		{"invalid creator", []referral.ShowcasePlan{a}, "", "showcase plan: creator: empty"},
		{"repeated ID", []referral.ShowcasePlan{a, a}, "kol", `showcase plan "a": duplicate id`},
		// In ID order, whatever the input order: b's error comes first.
		{"two invalid plans", []referral.ShowcasePlan{worse, bad, a}, "kol", `showcase plan "b": rate`},
		{"two invalid plans, reversed", []referral.ShowcasePlan{a, bad, worse}, "kol", `showcase plan "b": rate`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := referral.ChooseShowcasePlan(tt.plans, tt.creator, scDay(time.May, 1))
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestShowcasePlanKindString(t *testing.T) {
	assert.Equal(t, "open", referral.ShowcaseOpen.String())
	assert.Equal(t, "targeted", referral.ShowcaseTargeted.String())
	assert.Equal(t, "exclusive", referral.ShowcaseExclusive.String())
	assert.Equal(t, "ShowcasePlanKind(9)", referral.ShowcasePlanKind(9).String())
	assert.Equal(t, "agency", referral.ShowcaseAgency.String())
	assert.Equal(t, "promoter agency", referral.ShowcasePromoterAgency.String())
	assert.Equal(t, "ShowcaseRole(0)", referral.ShowcaseRole(0).String())
	assert.Equal(t, "current", referral.ShowcaseRateCurrent.String())
	assert.Equal(t, "locked", referral.ShowcaseRateLocked.String())
	assert.Equal(t, "ShowcaseRateSource(0)", referral.ShowcaseRateSource(0).String())
}

// scRandomPlans draws up to eight plans over ten days of June, for four
// creators, with rates from a few values so that ties happen.
func scRandomPlans(rng *rand.Rand) []referral.ShowcasePlan {
	creators := []string{"kol-a", "kol-b", "kol-c", "kol-d"}
	plans := make([]referral.ShowcasePlan, rng.IntN(9))
	for i := range plans {
		p := referral.ShowcasePlan{
			ID:   fmt.Sprintf("plan-%d", i),
			Kind: referral.ShowcasePlanKind(1 + rng.IntN(3)),
			Rate: commerce.Percent(int64(5 * (1 + rng.IntN(4)))),
		}
		if p.Kind != referral.ShowcaseOpen {
			for _, c := range creators {
				if rng.IntN(2) == 0 {
					p.Creators = append(p.Creators, c)
				}
			}
			if len(p.Creators) == 0 {
				p.Creators = creators[:1]
			}
		}
		if rng.IntN(2) == 0 {
			p.From = scDay(time.June, 1+rng.IntN(10))
			p.To = p.From.Add(time.Duration(1+rng.IntN(5)) * 24 * time.Hour)
		}
		plans[i] = p
	}
	return plans
}

// 10,000 random plan sets from a fixed seed: the choice is the same in
// every order of the plans, follows the precedence, and no plan of a higher
// precedence that covers the creator is passed over.
func TestChooseShowcasePlanProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 8))
	for range 10_000 {
		plans := scRandomPlans(rng)
		creator := fmt.Sprintf("kol-%c", 'a'+rng.IntN(4))
		at := scDay(time.June, 1+rng.IntN(12)).Add(time.Duration(rng.IntN(24)) * time.Hour)
		got, err := referral.ChooseShowcasePlan(plans, creator, at)

		shuffled := slices.Clone(plans)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err2 := referral.ChooseShowcasePlan(shuffled, creator, at)
		require.Equal(t, fmt.Sprint(err), fmt.Sprint(err2))
		require.Equal(t, got.ID, again.ID)

		exclusive := slices.ContainsFunc(plans, func(p referral.ShowcasePlan) bool {
			return p.Kind == referral.ShowcaseExclusive && p.InEffect(at)
		})
		for _, p := range plans {
			eligible := p.InEffect(at) && p.Covers(creator) && (!exclusive || p.Kind == referral.ShowcaseExclusive)
			if !eligible {
				continue
			}
			require.NoError(t, err, "plan %s applies", p.ID)
			require.GreaterOrEqual(t, got.Kind, p.Kind)
			if got.Kind == p.Kind {
				require.GreaterOrEqual(t, got.Rate.Cmp(p.Rate), 0)
				if got.Rate.Equal(p.Rate) {
					require.LessOrEqual(t, got.ID, p.ID)
				}
			}
		}
		if err == nil {
			require.True(t, got.InEffect(at) && got.Covers(creator))
		} else {
			require.ErrorIs(t, err, referral.ErrNoShowcasePlan)
		}
	}
}
