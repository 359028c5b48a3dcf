package referral

import (
	"testing"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTierLadder(t *testing.T) {
	ladder, err := NewTierLadder(commerce.CNY,
		TierRule{Tier: 1, Any: true, Conditions: []Condition{{OwnSpend, 50000}, {OrderCount, 3}}},
		TierRule{Tier: 2, Conditions: []Condition{{OwnSpend, 200000}, {DownlineSales, 1000000}}},
		TierRule{Tier: 3, Any: true, Conditions: []Condition{{CommissionEarned, 500000}}},
	)
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		f    Figures
		want Tier
	}{
		{"nothing", Figures{}, 0},
		{"orders alone reach T1 (OR)", Figures{Orders: 3}, 1},
		{"spend alone reaches T1", Figures{OwnSpend: yuan("500.00")}, 1},
		{"T2 needs both (AND)", Figures{OwnSpend: yuan("2000.00"), DownlineSales: yuan("9999.99")}, 1},
		{"T2", Figures{OwnSpend: yuan("2000.00"), DownlineSales: yuan("10000.00")}, 2},
		{"T3 on commission", Figures{Commission: yuan("5000.00")}, 3},
		{"a refund downgrades", Figures{OwnSpend: yuan("499.99"), Orders: 2}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ladder.Assign(tt.f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Tier, "%v", a)
		})
	}
	a, err := ladder.Assign(Figures{OwnSpend: yuan("2000.00"), DownlineSales: yuan("9000.00")})
	require.NoError(t, err)
	assert.Equal(t, `tier T1
  T3: any of, not met
    commission earned 0 < 500000, short by 500000
  T2: all of, not met
    own spend 200000 ≥ 200000
    downline sales 900000 < 1000000, short by 100000
  T1: any of, met
    own spend 200000 ≥ 50000
    order count 0 < 3, short by 3`, a.String())

	_, err = ladder.Assign(Figures{OwnSpend: commerce.MustParseMoney("USD 1.00")})
	assert.ErrorIs(t, err, commerce.ErrCurrencyMismatch)
	for _, rules := range [][]TierRule{
		{{Tier: 0, Conditions: []Condition{{OwnSpend, 1}}}},
		{{Tier: 1}},
		{{Tier: 1, Conditions: []Condition{{0, 1}}}},
		{{Tier: 1, Conditions: []Condition{{OwnSpend, 0}}}},
		{{Tier: 1, Conditions: []Condition{{OwnSpend, 1}}}, {Tier: 1, Conditions: []Condition{{OrderCount, 1}}}},
	} {
		_, err := NewTierLadder(commerce.CNY, rules...)
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%v", rules)
	}
	_, err = NewTierLadder(0)
	assert.ErrorIs(t, err, commerce.ErrInvalid)
}
