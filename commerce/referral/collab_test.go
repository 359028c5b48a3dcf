package referral_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// collabLive is a note-plus-live deal: a ¥5,000 slot fee, 20% commission,
// ¥100,000 expected GMV, the 33% live-room return rate that platform
// figures quote (DOMAIN.md), and a 60% gross margin.
func collabLive() referral.CollabDeal {
	return referral.CollabDeal{
		SlotFee:        scYuan("¥5000.00"),
		CommissionRate: commerce.Percent(20),
		ExpectedGMV:    scYuan("¥100000.00"),
		ReturnRate:     commerce.Percent(33),
		GrossMargin:    commerce.Percent(60),
		Rounding:       commerce.HalfUp,
	}
}

func TestCollabEvaluate(t *testing.T) {
	withFee := collabLive()
	withFee.PlatformFeeRate = commerce.Percent(5)
	commissionOnly := collabLive()
	commissionOnly.SlotFee = commerce.Money{}
	odd := collabLive()
	odd.ExpectedGMV, odd.ReturnRate, odd.CommissionRate = scYuan("¥999.99"), commerce.MustParseRate("12.5%"), commerce.MustParseRate("7.5%")
	tests := []struct {
		name                                      string
		deal                                      referral.CollabDeal
		returns, net, commission, fee, take, mnet string
		gross, profit, breakEven                  string
	}{
		// Net sales ¥67,000; 20% is ¥13,400; the take ¥18,400. Break-even:
		// 5000 / (0.67 × 0.40) = ¥18,656.7164…, up to ¥18,656.72.
		{"live deal", collabLive(), "CNY 33000.00", "CNY 67000.00", "CNY 13400.00", "CNY 0.00", "CNY 18400.00", "CNY 48600.00",
			"CNY 40200.00", "CNY 21800.00", "CNY 18656.72"},
		// 5% of ¥67,000 is ¥3,350. Break-even: 5000 / (0.67 × 0.35) =
		// ¥21,321.961…, up to ¥21,321.97.
		{"with a platform fee", withFee, "CNY 33000.00", "CNY 67000.00", "CNY 13400.00", "CNY 3350.00", "CNY 18400.00", "CNY 45250.00",
			"CNY 40200.00", "CNY 18450.00", "CNY 21321.97"},
		{"commission only breaks even at once", commissionOnly, "CNY 33000.00", "CNY 67000.00", "CNY 13400.00", "CNY 0.00", "CNY 13400.00", "CNY 53600.00",
			"CNY 40200.00", "CNY 26800.00", "CNY 0.00"},
		// Returns 12.5% of ¥999.99 = ¥124.99875 → ¥125.00; net ¥874.99;
		// commission 7.5% = ¥65.62425 → ¥65.62; margin 60% = ¥524.994 →
		// ¥524.99. Break-even 5000 / (0.875 × 0.525) = ¥10,884.3537…
		{"rounding", odd, "CNY 125.00", "CNY 874.99", "CNY 65.62", "CNY 0.00", "CNY 5065.62", "CNY -4190.63",
			"CNY 524.99", "CNY -4540.63", "CNY 10884.36"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := tt.deal.Evaluate()
			require.NoError(t, err)
			assert.Equal(t, tt.deal.ExpectedGMV, o.GMV)
			for _, c := range []struct {
				got  commerce.Money
				want string
			}{
				{o.Returns, tt.returns}, {o.NetSales, tt.net}, {o.Commission, tt.commission}, {o.PlatformFee, tt.fee},
				{o.CreatorTake, tt.take}, {o.MerchantNet, tt.mnet}, {o.GrossProfit, tt.gross}, {o.MerchantProfit, tt.profit},
				{o.BreakEvenGMV, tt.breakEven},
			} {
				assert.Equal(t, c.want, c.got.String())
			}
			assert.True(t, o.BreakEven)
			be, err := tt.deal.BreakEvenGMV()
			require.NoError(t, err)
			assert.True(t, be.Equal(o.BreakEvenGMV))
		})
	}
}

func TestCollabNoBreakEven(t *testing.T) {
	thin := collabLive()
	thin.GrossMargin = commerce.Percent(20) // margin = commission: every sale adds nothing
	fees := collabLive()
	fees.GrossMargin, fees.PlatformFeeRate = commerce.Percent(25), commerce.Percent(5)
	allBack := collabLive()
	allBack.ReturnRate = commerce.Percent(100)
	tests := []struct {
		name string
		deal referral.CollabDeal
	}{
		{"margin equals commission", thin},
		{"margin equals commission plus fee", fees},
		{"every sale returned", allBack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := tt.deal.Evaluate()
			require.NoError(t, err)
			assert.False(t, o.BreakEven)
			assert.True(t, o.BreakEvenGMV.Equal(commerce.Zero(commerce.CNY)))
			_, err = tt.deal.BreakEvenGMV()
			require.ErrorIs(t, err, referral.ErrNoBreakEven)
		})
	}
	_, err := thin.BreakEvenGMV()
	assert.EqualError(t, err, "referral: collab: gross margin 20%, commission 20%, platform fee 0%, returns 33%: no break-even")
}

func TestCollabErrors(t *testing.T) {
	maxFen := commerce.MustNewMoney(math.MaxInt64, commerce.CNY)
	tests := []struct {
		name   string
		modify func(*referral.CollabDeal)
		want   error
		msg    string
	}{
		{"GMV without currency", func(d *referral.CollabDeal) { d.ExpectedGMV = commerce.Money{} }, commerce.ErrInvalid, "collab: expected GMV: no currency"},
		{"negative GMV", func(d *referral.CollabDeal) { d.ExpectedGMV = scYuan("-¥1.00") }, commerce.ErrInvalid, "collab: expected GMV: negative"},
		{"negative slot fee", func(d *referral.CollabDeal) { d.SlotFee = scYuan("-¥1.00") }, commerce.ErrInvalid, "collab: slot fee: negative"},
		{"slot fee in dollars", func(d *referral.CollabDeal) { d.SlotFee = commerce.MustParseMoney("USD 700.00") }, commerce.ErrCurrencyMismatch, "slot fee USD 700.00 and expected GMV"},
		{"commission over 100%", func(d *referral.CollabDeal) { d.CommissionRate = commerce.Percent(101) }, referral.ErrRateOutOfRange, "collab: commission rate"},
		{"negative fee rate", func(d *referral.CollabDeal) { d.PlatformFeeRate = commerce.Percent(-1) }, referral.ErrRateOutOfRange, "collab: platform fee rate"},
		{"return rate over 100%", func(d *referral.CollabDeal) { d.ReturnRate = commerce.Percent(101) }, referral.ErrRateOutOfRange, "collab: return rate"},
		{"negative margin", func(d *referral.CollabDeal) { d.GrossMargin = commerce.Percent(-1) }, referral.ErrRateOutOfRange, "collab: gross margin"},
		{"no rounding", func(d *referral.CollabDeal) { d.Rounding = 0 }, commerce.ErrInvalid, "collab: rounding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := collabLive()
			tt.modify(&d)
			require.ErrorIs(t, d.Validate(), tt.want)
			_, err := d.Evaluate()
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
			_, err = d.BreakEvenGMV()
			require.ErrorIs(t, err, tt.want)
		})
	}

	overflow := []struct {
		name        string
		modify      func(*referral.CollabDeal)
		msg         string
		breakEvenOK bool
	}{
		{"slot fee and commission", func(d *referral.CollabDeal) { d.SlotFee = maxFen }, "creator's take", false},
		{"take and fee", func(d *referral.CollabDeal) {
			d.SlotFee, _ = maxFen.Sub(scYuan("¥13400.00")) // the take is exactly the largest amount
			d.PlatformFeeRate = commerce.Percent(1)
		}, "creator's take and platform fee", false},
		// 2^63 − 1 fen at a margin of 1/2 per unit of GMV: twice int64.
		{"break-even", func(d *referral.CollabDeal) {
			d.SlotFee, d.ExpectedGMV, d.ReturnRate, d.GrossMargin, d.CommissionRate = maxFen, scYuan("¥0.00"), commerce.Rate{}, commerce.Percent(50), commerce.Rate{}
		}, "break-even of a", false},
	}
	for _, tt := range overflow {
		t.Run("overflow: "+tt.name, func(t *testing.T) {
			d := collabLive()
			tt.modify(&d)
			require.NoError(t, d.Validate())
			_, err := d.Evaluate()
			require.ErrorIs(t, err, commerce.ErrOverflow)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
	d := collabLive()
	d.SlotFee, d.GrossMargin, d.CommissionRate, d.ReturnRate = maxFen, commerce.Percent(50), commerce.Rate{}, commerce.Rate{}
	_, err := d.BreakEvenGMV()
	require.ErrorIs(t, err, commerce.ErrOverflow)
}

// collabExactProfit is the merchant's exact margin at gmv fen, in fen:
// gmv × (1 − r) × (m − c − f) − slot fee.
func collabExactProfit(d referral.CollabDeal, gmv int64) *big.Rat {
	rat := func(r commerce.Rate) *big.Rat { return r.Decimal().Rat() }
	kept := new(big.Rat).Sub(big.NewRat(1, 1), rat(d.ReturnRate))
	edge := new(big.Rat).Sub(rat(d.GrossMargin), rat(d.CommissionRate))
	edge.Sub(edge, rat(d.PlatformFeeRate))
	p := new(big.Rat).Mul(new(big.Rat).SetInt64(gmv), kept)
	p.Mul(p, edge)
	return p.Sub(p, new(big.Rat).SetInt64(d.SlotFee.Units()))
}

// 10,000 random deals from a fixed seed: the outcome's identities hold to
// the fen, and the break-even GMV is the least whole fen at which the exact
// margin covers the slot fee.
func TestCollabProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 33))
	modes := []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up}
	for range 10_000 {
		d := referral.CollabDeal{
			SlotFee:         commerce.MustNewMoney(rng.Int64N(10_000_000), commerce.CNY), // up to ¥100,000
			CommissionRate:  scRandomRatio(rng, 5e17),
			PlatformFeeRate: scRandomRatio(rng, 1e17),
			ExpectedGMV:     commerce.MustNewMoney(rng.Int64N(1e11), commerce.CNY), // up to ¥1e9
			ReturnRate:      scRandomRatio(rng, 1e18),
			GrossMargin:     scRandomRatio(rng, 1e18),
			Rounding:        modes[rng.IntN(len(modes))],
		}
		o, err := d.Evaluate()
		require.NoError(t, err)
		sum, err := commerce.Sum(o.Returns, o.NetSales)
		require.NoError(t, err)
		require.True(t, sum.Equal(o.GMV))
		take, err := d.SlotFee.Add(o.Commission)
		require.NoError(t, err)
		require.True(t, take.Equal(o.CreatorTake))
		net, err := commerce.Sum(o.MerchantNet, o.CreatorTake, o.PlatformFee)
		require.NoError(t, err)
		require.True(t, net.Equal(o.NetSales))
		profit, err := commerce.Sum(o.MerchantProfit, o.CreatorTake, o.PlatformFee)
		require.NoError(t, err)
		require.True(t, profit.Equal(o.GrossProfit))

		edge := collabExactProfit(d, 1)
		edge.Add(edge, new(big.Rat).SetInt64(d.SlotFee.Units())) // margin per fen of GMV
		if edge.Sign() <= 0 {
			require.False(t, o.BreakEven)
			continue
		}
		require.True(t, o.BreakEven)
		g := o.BreakEvenGMV.Units()
		require.GreaterOrEqual(t, collabExactProfit(d, g).Sign(), 0, "covers at %v", o.BreakEvenGMV)
		if g > 0 {
			require.Negative(t, collabExactProfit(d, g-1).Sign(), "one fen less does not")
		}
	}
}
