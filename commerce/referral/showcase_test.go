package referral_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// scYuan parses a CNY amount such as "¥10.00".
func scYuan(s string) commerce.Money { return commerce.MustParseMoney(s) }

// scPayee is a payee with a ratio in per cent.
func scPayee(id string, percent int64) referral.ShowcasePayee {
	return referral.ShowcasePayee{ID: id, Ratio: commerce.Percent(percent)}
}

// scWeChatTerms are the terms of WeChat's five-payee example (the
// leagueheadsupplier getorder documentation): a ¥10.00 pool shared as ¥4
// (带货机构), ¥2 (帮卖机构), ¥2 (达人), ¥1 (推客机构) and ¥1 (推客), i.e.
// service ratios of 40%, 20%, 10% and 10% of the pool. The 20% commission
// on a ¥50.00 payment makes the ¥10.00 pool; the 1% fee is the lowest
// technical service fee of WeChat Channels' 618 plan (DOMAIN.md).
func scWeChatTerms() referral.ShowcaseTerms {
	return referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(20),
		FeeRate:        commerce.Percent(1),
		Rounding:       commerce.HalfUp,
		Chain: referral.ShowcaseChain{
			Agency:         scPayee("mcn-head", 40),
			SubAgency:      scPayee("mcn-help", 20),
			Creator:        "kol-1",
			PromoterAgency: scPayee("tk-agency", 10),
			Promoter:       scPayee("tk-1", 10),
		},
	}
}

// scAmounts lists the Amount of each share.
func scAmounts(s referral.ShowcaseSplit) []string {
	out := make([]string, len(s.Shares))
	for i, sh := range s.Shares {
		out[i] = sh.Amount.String()
	}
	return out
}

func TestShowcaseSplitWeChatFivePayees(t *testing.T) {
	s, err := scWeChatTerms().Split(scYuan("¥50.00"))
	require.NoError(t, err)
	assert.Equal(t, "CNY 10.00", s.Commission.String())
	assert.Equal(t, "CNY 0.50", s.Fee.String())
	assert.Equal(t, "CNY 39.50", s.MerchantNet.String())
	assert.Equal(t, []string{"CNY 4.00", "CNY 2.00", "CNY 2.00", "CNY 1.00", "CNY 1.00"}, scAmounts(s))

	// WeChat's figures, role by role: received, passed on, kept.
	want := []struct {
		role                       referral.ShowcaseRole
		id, ratio                  string
		received, passedOn, amount string
	}{
		{referral.ShowcaseAgency, "mcn-head", "40%", "¥10.00", "¥6.00", "¥4.00"},
		{referral.ShowcaseSubAgency, "mcn-help", "20%", "¥6.00", "¥4.00", "¥2.00"},
		{referral.ShowcaseCreator, "kol-1", "20%", "¥4.00", "¥2.00", "¥2.00"},
		{referral.ShowcasePromoterAgency, "tk-agency", "10%", "¥2.00", "¥1.00", "¥1.00"},
		{referral.ShowcasePromoter, "tk-1", "10%", "¥1.00", "¥0.00", "¥1.00"},
	}
	require.Len(t, s.Shares, len(want))
	for i, w := range want {
		sh := s.Shares[i]
		assert.Equal(t, w.role, sh.Role)
		assert.Equal(t, w.id, sh.ID)
		assert.Equal(t, w.ratio, sh.Ratio.String())
		assert.True(t, sh.Received.Equal(scYuan(w.received)), "%v received %v", w.role, sh.Received)
		assert.True(t, sh.PassedOn.Equal(scYuan(w.passedOn)), "%v passed on %v", w.role, sh.PassedOn)
		assert.True(t, sh.Amount.Equal(scYuan(w.amount)), "%v kept %v", w.role, sh.Amount)
	}
}

// WeChat: "带货机构和推客机构是同一个人的情况：可以看到实收服务费是¥5".
func TestShowcaseSplitOnePayeeTwoRoles(t *testing.T) {
	terms := scWeChatTerms()
	terms.Chain.PromoterAgency.ID = terms.Chain.Agency.ID
	s, err := terms.Split(scYuan("¥50.00"))
	require.NoError(t, err)
	assert.True(t, s.PayeeTotal("mcn-head").Equal(scYuan("¥5.00")))
	assert.True(t, s.PayeeTotal("nobody").Equal(commerce.Zero(commerce.CNY)))

	sh, ok := s.Share(referral.ShowcasePromoterAgency)
	require.True(t, ok)
	assert.Equal(t, "mcn-head", sh.ID)
	terms.Chain.SubAgency = referral.ShowcasePayee{}
	s, err = terms.Split(scYuan("¥50.00"))
	require.NoError(t, err)
	_, ok = s.Share(referral.ShowcaseSubAgency)
	assert.False(t, ok)
}

func TestShowcaseSplit(t *testing.T) {
	creatorOnly := referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(35), // Douyin's 3500
		FeeRate:        commerce.MustParseRate("0.6%"),
		Rounding:       commerce.HalfUp,
		Chain:          referral.ShowcaseChain{Creator: "kol"},
	}
	thirds := referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(10),
		Rounding:       commerce.Down,
		Chain: referral.ShowcaseChain{
			Agency:  referral.ShowcasePayee{ID: "a", Ratio: commerce.MustParseRate("33.3333333333333333%")},
			Creator: "kol",
			Promoter: referral.ShowcasePayee{
				ID: "p", Ratio: commerce.MustParseRate("33.3333333333333333%"),
			},
		},
	}
	allOut := referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(50),
		FeeRate:        commerce.Percent(50),
		Rounding:       commerce.HalfUp,
		Chain: referral.ShowcaseChain{
			Agency: scPayee("a", 60), Creator: "kol", Promoter: scPayee("p", 40),
		},
	}
	zeroRatio := referral.ShowcaseTerms{
		CommissionRate: commerce.Percent(10), Rounding: commerce.HalfEven,
		Chain: referral.ShowcaseChain{Agency: referral.ShowcasePayee{ID: "a"}, Creator: "kol"},
	}
	tests := []struct {
		name                 string
		terms                referral.ShowcaseTerms
		base                 string
		commission, fee, net string
		amounts              []string
		creatorRatio         string
	}{
		// 35% of ¥199.00 is ¥69.65; the 0.6% fee of ¥1.194 rounds to ¥1.19.
		{"creator alone", creatorOnly, "¥199.00", "CNY 69.65", "CNY 1.19", "CNY 128.16", []string{"CNY 69.65"}, "100%"},
		// ¥0.10 in three near-thirds: 3.33… fen each, the leftover fen to
		// the largest remainder, the creator's (0.…34 of a third).
		{"thirds", thirds, "¥1.00", "CNY 0.10", "CNY 0.00", "CNY 0.90", []string{"CNY 0.03", "CNY 0.04", "CNY 0.03"}, "33.3333333333333334%"},
		{"zero base", creatorOnly, "¥0.00", "CNY 0.00", "CNY 0.00", "CNY 0.00", []string{"CNY 0.00"}, "100%"},
		// 50% and 50% of one fen both round up: the merchant is one fen short.
		{"rates summing to 100% round up", allOut, "¥0.01", "CNY 0.01", "CNY 0.01", "CNY -0.01", []string{"CNY 0.01", "CNY 0.00", "CNY 0.00"}, "0%"},
		{"a present payee with a zero ratio", zeroRatio, "¥10.00", "CNY 1.00", "CNY 0.00", "CNY 9.00", []string{"CNY 0.00", "CNY 1.00"}, "100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.terms.Split(scYuan(tt.base))
			require.NoError(t, err)
			assert.Equal(t, tt.commission, s.Commission.String())
			assert.Equal(t, tt.fee, s.Fee.String())
			assert.Equal(t, tt.net, s.MerchantNet.String())
			assert.Equal(t, tt.amounts, scAmounts(s))
			creator, ok := s.Share(referral.ShowcaseCreator)
			require.True(t, ok)
			assert.Equal(t, tt.creatorRatio, creator.Ratio.String())
		})
	}
}

func TestShowcaseTermsValidate(t *testing.T) {
	valid := scWeChatTerms()
	tests := []struct {
		name   string
		modify func(*referral.ShowcaseTerms)
		want   error  // nil for valid terms
		msg    string // a substring of the message
	}{
		{"WeChat's five payees", func(*referral.ShowcaseTerms) {}, nil, ""},
		{"creator alone", func(t *referral.ShowcaseTerms) { t.Chain = referral.ShowcaseChain{Creator: "kol"} }, nil, ""},
		{"ratios summing to 100%", func(t *referral.ShowcaseTerms) { t.Chain.Promoter.Ratio = commerce.Percent(30) }, nil, ""},
		{"one ID in two roles", func(t *referral.ShowcaseTerms) { t.Chain.Promoter.ID = "kol-1" }, nil, ""},
		{"commission and fee at 100%", func(t *referral.ShowcaseTerms) { t.FeeRate = commerce.Percent(80) }, nil, ""},
		{"negative commission", func(t *referral.ShowcaseTerms) { t.CommissionRate = commerce.Percent(-1) },
			referral.ErrRateOutOfRange, "showcase: commission rate: -1% is negative"},
		{"commission over 100%", func(t *referral.ShowcaseTerms) { t.CommissionRate = commerce.Percent(101) },
			referral.ErrRateOutOfRange, "showcase: commission rate: 101% is over 100%"},
		{"negative fee", func(t *referral.ShowcaseTerms) { t.FeeRate = commerce.Percent(-2) },
			referral.ErrRateOutOfRange, "showcase: fee rate"},
		{"commission and fee over 100%", func(t *referral.ShowcaseTerms) { t.FeeRate = commerce.MustParseRate("80.01%") },
			referral.ErrRateOutOfRange, "showcase: commission and fee rates: 20% + 80.01% is over 100%"},
		{"no rounding", func(t *referral.ShowcaseTerms) { t.Rounding = 0 }, commerce.ErrInvalid, "showcase: rounding"},
		{"no creator", func(t *referral.ShowcaseTerms) { t.Chain.Creator = "" }, commerce.ErrInvalid, "showcase: creator: empty"},
		{"creator with spaces", func(t *referral.ShowcaseTerms) { t.Chain.Creator = " kol" }, commerce.ErrInvalid, "showcase: creator"},
		{"a ratio without a payee", func(t *referral.ShowcaseTerms) { t.Chain.Agency.ID = "" },
			commerce.ErrInvalid, "showcase: agency: id: empty"},
		{"agency over 100%", func(t *referral.ShowcaseTerms) { t.Chain.Agency.Ratio = commerce.Percent(120) },
			referral.ErrRateOutOfRange, "showcase: agency: ratio: 120% is over 100%"},
		{"negative promoter", func(t *referral.ShowcaseTerms) { t.Chain.Promoter.Ratio = commerce.Percent(-10) },
			referral.ErrRateOutOfRange, "showcase: promoter: ratio"},
		{"ratios over 100%", func(t *referral.ShowcaseTerms) { t.Chain.Promoter.Ratio = commerce.MustParseRate("30.5%") },
			referral.ErrRateOutOfRange, "showcase: service ratios: 40% + 20% + 10% + 30.5% is over 100%"},
		{"sub-agency without agency", func(t *referral.ShowcaseTerms) { t.Chain.Agency = referral.ShowcasePayee{} },
			commerce.ErrInvalid, "showcase: sub-agency: no agency"},
		{"promoter agency without promoter", func(t *referral.ShowcaseTerms) { t.Chain.Promoter = referral.ShowcasePayee{} },
			commerce.ErrInvalid, "showcase: promoter agency: no promoter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := valid
			tt.modify(&terms)
			err := terms.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			require.ErrorIs(t, err, commerce.ErrInvalid) // every validation error is a FieldError
			assert.Contains(t, err.Error(), tt.msg)
			_, err = terms.Split(scYuan("¥1.00"))
			assert.ErrorIs(t, err, tt.want)
			_, err = terms.Settle(scYuan("¥1.00"), scYuan("¥1.00"))
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestShowcaseChainValidate(t *testing.T) {
	chain := scWeChatTerms().Chain
	require.NoError(t, chain.Validate())
	chain.SubAgency.Ratio = commerce.Percent(41) // 40 + 41 + 10 + 10
	require.ErrorIs(t, chain.Validate(), referral.ErrRateOutOfRange)
	require.ErrorIs(t, referral.ShowcaseChain{}.Validate(), commerce.ErrInvalid)
}

func TestShowcaseSplitBaseErrors(t *testing.T) {
	tests := []struct {
		name string
		base commerce.Money
		msg  string
	}{
		{"no currency", commerce.Money{}, "showcase: base: no currency"},
		{"negative", scYuan("-¥1.00"), "showcase: base: negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scWeChatTerms().Split(tt.base)
			require.ErrorIs(t, err, commerce.ErrInvalid)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestShowcaseSettle(t *testing.T) {
	// ¥50.00 paid; a ¥20.00 partial refund leaves ¥30.00 settled.
	s, err := scWeChatTerms().Settle(scYuan("¥50.00"), scYuan("¥30.00"))
	require.NoError(t, err)
	assert.Equal(t, "CNY 10.00", s.Estimated.Commission.String())
	assert.Equal(t, "CNY 6.00", s.Settled.Commission.String())
	assert.Equal(t, "CNY 20.00", s.Base.Difference.String())
	assert.Equal(t, "CNY 4.00", s.Commission.Difference.String())
	assert.Equal(t, "CNY 0.20", s.Fee.Difference.String())
	assert.Equal(t, "CNY 15.80", s.MerchantNet.Difference.String())
	wantDiff := []string{"CNY 1.60", "CNY 0.80", "CNY 0.80", "CNY 0.40", "CNY 0.40"}
	require.Len(t, s.Payees, len(wantDiff))
	for i, w := range wantDiff {
		assert.Equal(t, s.Estimated.Shares[i].Role, s.Payees[i].Role)
		assert.Equal(t, s.Estimated.Shares[i].ID, s.Payees[i].ID)
		assert.Equal(t, w, s.Payees[i].Difference.String())
	}
	assert.Zero(t, s.Commission.Role)
	assert.Empty(t, s.Commission.ID)

	// Nothing refunded: no difference.
	s, err = scWeChatTerms().Settle(scYuan("¥50.00"), scYuan("¥50.00"))
	require.NoError(t, err)
	assert.True(t, s.Commission.Difference.IsZero())
	// All refunded: every payee gives back everything.
	s, err = scWeChatTerms().Settle(scYuan("¥50.00"), scYuan("¥0.00"))
	require.NoError(t, err)
	for _, p := range s.Payees {
		assert.True(t, p.Difference.Equal(p.Estimated))
	}
}

func TestShowcaseSettleErrors(t *testing.T) {
	tests := []struct {
		name          string
		paid, settled commerce.Money
		want          error
		msg           string
	}{
		{"settled over paid", scYuan("¥50.00"), scYuan("¥50.01"), commerce.ErrInvalid, "showcase: settled: CNY 50.01 is more than the CNY 50.00 paid"},
		{"negative settled", scYuan("¥50.00"), scYuan("-¥0.01"), commerce.ErrInvalid, "showcase: settled: negative"},
		{"paid without currency", commerce.Money{}, scYuan("¥0.00"), commerce.ErrInvalid, "showcase: paid: no currency"},
		{"two currencies", scYuan("¥50.00"), commerce.MustParseMoney("USD 1.00"), commerce.ErrCurrencyMismatch, "settled USD 1.00 against paid CNY 50.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scWeChatTerms().Settle(tt.paid, tt.settled)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// scRandomRatio draws a rate from 0 to max × 10^-18, in one of the units
// platforms use, or at full precision.
func scRandomRatio(rng *rand.Rand, max int64) commerce.Rate {
	if max <= 0 {
		return commerce.Rate{}
	}
	switch rng.IntN(4) {
	case 0: // whole per cent
		return commerce.Percent(rng.Int64N(max/1e16 + 1))
	case 1: // basis points
		return commerce.BasisPoints(rng.Int64N(max/1e14 + 1))
	case 2: // ppm
		return commerce.PartsPerMillion(rng.Int64N(max/1e12 + 1))
	}
	r, err := commerce.RateFromDecimal(decimal.New(rng.Int64N(max+1), -18))
	if err != nil {
		panic(err)
	}
	return r
}

// scRandomTerms draws valid terms: any subset of the chain, service ratios
// whose sum stays within 100%, and commission and fee rates within 100%.
func scRandomTerms(rng *rand.Rand) referral.ShowcaseTerms {
	const one = int64(1e18)
	left := one
	payee := func(id string) referral.ShowcasePayee {
		if rng.IntN(3) == 0 {
			return referral.ShowcasePayee{}
		}
		r := scRandomRatio(rng, left/2)
		left -= r.Decimal().Shift(18).IntPart()
		return referral.ShowcasePayee{ID: id, Ratio: r}
	}
	var c referral.ShowcaseChain
	c.Agency = payee("agency")
	if c.Agency != (referral.ShowcasePayee{}) {
		c.SubAgency = payee("sub-agency")
	}
	c.Creator = "creator"
	c.Promoter = payee("promoter")
	if c.Promoter != (referral.ShowcasePayee{}) {
		c.PromoterAgency = payee("agency") // one ID in two roles, at times
	}
	commission := scRandomRatio(rng, one*9/10) // WeChat's and TikTok's plans stop at 90% and 80%
	fee := scRandomRatio(rng, one-commission.Decimal().Shift(18).IntPart())
	modes := []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up, commerce.Floor, commerce.Ceiling}
	return referral.ShowcaseTerms{CommissionRate: commission, FeeRate: fee, Rounding: modes[rng.IntN(len(modes))], Chain: c}
}

// scRandomBase draws an amount of fen on one of several scales, from a
// few fen to int64's edge.
func scRandomBase(rng *rand.Rand) commerce.Money {
	limits := []int64{100, 10_000, 1_000_000, 1 << 40, 1 << 62}
	return commerce.MustNewMoney(rng.Int64N(limits[rng.IntN(len(limits))]), commerce.CNY)
}

// scCheckSplit checks a split's invariants: the base is commission + fee +
// net; the shares sum exactly to the pool, each within one fen of its exact
// share; the flow down the chain is consistent.
func scCheckSplit(t *testing.T, s referral.ShowcaseSplit) {
	t.Helper()
	total, err := commerce.Sum(s.Commission, s.Fee, s.MerchantNet)
	require.NoError(t, err)
	require.True(t, total.Equal(s.Base), "commission + fee + net = %v, base %v", total, s.Base)
	require.GreaterOrEqual(t, s.MerchantNet.Units(), int64(-1))

	pool := new(big.Rat).SetInt64(s.Commission.Units())
	var sum commerce.Money
	var ratios decimal.Decimal
	for i, sh := range s.Shares {
		sum, err = sum.Add(sh.Amount)
		require.NoError(t, err)
		require.False(t, sh.Amount.IsNegative())
		ratios = ratios.Add(sh.Ratio.Decimal())
		exact := new(big.Rat).Mul(pool, sh.Ratio.Decimal().Rat())
		gap := new(big.Rat).Sub(new(big.Rat).SetInt64(sh.Amount.Units()), exact)
		require.Negative(t, new(big.Rat).Abs(gap).Cmp(big.NewRat(1, 1)), "%v: %v for an exact %v", sh.Role, sh.Amount, exact.FloatString(3))
		rest, err := sh.Received.Sub(sh.Amount)
		require.NoError(t, err)
		require.True(t, rest.Equal(sh.PassedOn))
		if i+1 < len(s.Shares) {
			require.True(t, sh.PassedOn.Equal(s.Shares[i+1].Received))
		} else {
			require.True(t, sh.PassedOn.IsZero())
		}
		if i > 0 {
			require.Less(t, s.Shares[i-1].Role, sh.Role, "chain order")
		}
	}
	require.True(t, sum.Equal(s.Commission), "shares %v, pool %v", sum, s.Commission)
	require.True(t, ratios.Equal(decimal.New(1, 0)), "ratios sum to %v", ratios)
	require.True(t, s.Shares[0].Received.Equal(s.Commission))
	_, ok := s.Share(referral.ShowcaseCreator)
	require.True(t, ok)
}

// 20,000 random terms and bases, from a fixed seed: every split conserves
// its base and pool to the fen, and the estimated − settled differences of
// the payees sum exactly to the difference of the pools.
func TestShowcaseSplitProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 618))
	for range 20_000 {
		terms := scRandomTerms(rng)
		require.NoError(t, terms.Validate())
		paid := scRandomBase(rng)
		settled := commerce.MustNewMoney(rng.Int64N(paid.Units()+1), commerce.CNY)
		s, err := terms.Settle(paid, settled)
		require.NoError(t, err, "%+v", terms)
		scCheckSplit(t, s.Estimated)
		scCheckSplit(t, s.Settled)

		var diffs commerce.Money
		for i, p := range s.Payees {
			diffs, err = diffs.Add(p.Difference)
			require.NoError(t, err)
			d, err := s.Estimated.Shares[i].Amount.Sub(s.Settled.Shares[i].Amount)
			require.NoError(t, err)
			require.True(t, d.Equal(p.Difference))
		}
		require.Equal(t, s.Commission.Difference.Units(), diffs.Units(), "payee differences against the pool's")
		parts, err := commerce.Sum(s.Commission.Difference, s.Fee.Difference, s.MerchantNet.Difference)
		require.NoError(t, err)
		require.True(t, parts.Equal(s.Base.Difference))
		require.True(t, s.Base.Difference.Equal(commerce.MustNewMoney(paid.Units()-settled.Units(), commerce.CNY)))
	}
}
