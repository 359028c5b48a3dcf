package incentive_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// TestFeeLedgerJSONStyle: lines and statements marshal on their own in
// the programmes' style: kebab-case keys, amounts as "CNY 6.00", RFC 3339
// times in the plan's zone.
func TestFeeLedgerJSONStyle(t *testing.T) {
	plan, err := incentive.CompileFeePlan(incentive.XiaohongshuCommissionFree())
	require.NoError(t, err)
	l, err := incentive.NewFeeLedger(plan, nil)
	require.NoError(t, err)
	l, err = l.Apply(
		incentive.FeeOrder{ID: "o-1", Merchant: "m-1", Store: "s-1", Category: "beauty", PaidAt: bj(2025, 9, 10, 10, 0, 0, 0),
			Paid: commerce.MustParseMoney("CNY 1000.00")},
		incentive.FeePayout{Cycle: incentive.FeeCycle{Year: 2025, Month: time.September}, At: bj(2025, 10, 5, 0, 0, 0, 0)})
	require.NoError(t, err)
	b, err := json.Marshal(l.Lines()[0])
	require.NoError(t, err)
	assert.Equal(t, `{"kind":"accrued","at":"2025-09-10T10:00:00+08:00","event":"o-1","order":"o-1","amount":"CNY 6.00"}`, string(b))
	st := l.Statements(l.Accounts()[0])
	require.Len(t, st, 1)
	b, err = json.Marshal(st[0])
	require.NoError(t, err)
	assert.Equal(t, `{"account":{"kind":"fee","programme":"xhs-commission-free@2025-09","party":"m-1"},"cycle":"2025-09",`+
		`"opening":"CNY 0.00","accrued":"CNY 6.00","reversed":"CNY 0.00","adjusted":"CNY 0.00","closing":"CNY 6.00","paid":"CNY 6.00",`+
		`"paid-at":"2025-10-05T00:00:00+08:00","lines":[{"kind":"accrued","at":"2025-09-10T10:00:00+08:00","event":"o-1","order":"o-1","amount":"CNY 6.00"}]}`, string(b))
}
