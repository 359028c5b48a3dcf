package incentive_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

func evCycle(y int, m time.Month) incentive.FeeCycle { return incentive.FeeCycle{Year: y, Month: m} }

// TestAwardLedgerRefunds: a 3% GMV cash-back on a ¥333.33 order accrues
// ¥10.00 (9.9999 half-up); three refunds of ¥111.11 reverse at the frozen
// 3%, ¥3.33 + ¥3.34 + ¥3.33, netting to zero; the last, after March was
// paid out, is a negative adjustment in April, once.
func TestAwardLedgerRefunds(t *testing.T) {
	acc := []incentive.AwardAccrual{{Order: "o-1", At: evAt(2024, 3, 10, 12), Programme: "p", Version: "1", Rule: "r",
		Base: evCNY("333.33"), Rate: commerce.Percent(3)}}
	refs := []incentive.AwardRefund{
		{ID: "r-1", Order: "o-1", At: evAt(2024, 3, 11, 12), Amount: evCNY("111.11")},
		{ID: "r-2", Order: "o-1", At: evAt(2024, 3, 12, 12), Amount: evCNY("111.11")},
		{ID: "r-3", Order: "o-1", At: evAt(2024, 4, 5, 12), Amount: evCNY("111.11")},
	}
	pays := []incentive.FeePayout{{Cycle: evCycle(2024, 3), At: evAt(2024, 4, 1, 0)}}
	l, err := incentive.NewAwardLedger(evShanghai, commerce.CNY, commerce.HalfUp, acc, refs, pays)
	require.NoError(t, err)
	var got []string
	for _, ln := range l.Lines() {
		got = append(got, fmt.Sprintf("%v %v %s %v", ln.Cycle, ln.Kind, ln.Event, ln.Amount))
	}
	assert.Equal(t, []string{
		"2024-03 accrued o-1 CNY 10.00",
		"2024-03 reversed r-1 CNY -3.33",
		"2024-03 reversed r-2 CNY -3.34",
		"2024-04 adjusted r-3 CNY -3.33",
	}, got)
	march, err := l.Balance(evCycle(2024, 3), commerce.CNY)
	require.NoError(t, err)
	april, err := l.Balance(evCycle(2024, 4), commerce.CNY)
	require.NoError(t, err)
	assert.Equal(t, evCNY("3.33"), march)
	assert.Equal(t, evCNY("-3.33"), april)
	sum, err := march.Add(april)
	require.NoError(t, err)
	assert.True(t, sum.IsZero(), "a full accrual and a full refund net to zero")

	// April paid too: the adjustment moves to May, still once.
	pays = append(pays, incentive.FeePayout{Cycle: evCycle(2024, 4), At: evAt(2024, 5, 1, 0)})
	l, err = incentive.NewAwardLedger(evShanghai, commerce.CNY, commerce.HalfEven, acc, refs, pays)
	require.NoError(t, err)
	lines := l.Lines()
	assert.Equal(t, evCycle(2024, 5), lines[len(lines)-1].Cycle)
}

// TestAwardLedgerProperties: random accruals at random rates, refunded in
// full in random parts, net to zero per order in every rounding mode, and
// the ledger does not depend on the order of its events.
func TestAwardLedgerProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 3))
	modes := []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up, commerce.Floor, commerce.Ceiling}
	for n := range incentive.LongCases(300, 30000) {
		var acc []incentive.AwardAccrual
		var refs []incentive.AwardRefund
		for o := range 1 + r.IntN(5) {
			base := int64(1 + r.IntN(10_000_000))
			id := fmt.Sprintf("o-%d", o)
			acc = append(acc, incentive.AwardAccrual{Order: id, At: evAt(2024, 3, 1+r.IntN(28), 0), Base: commerce.MustNewMoney(base, commerce.CNY),
				Rate: commerce.BasisPoints(int64(r.IntN(10001)))})
			for k := 0; base > 0; k++ {
				part := min(base, int64(1+r.IntN(5_000_000)))
				base -= part
				refs = append(refs, incentive.AwardRefund{ID: fmt.Sprintf("%s-r%d", id, k), Order: id, At: evAt(2024, 3+time.Month(r.IntN(3)), 1+r.IntN(28), 0),
					Amount: commerce.MustNewMoney(part, commerce.CNY)})
			}
		}
		pays := []incentive.FeePayout{{Cycle: evCycle(2024, 3), At: evAt(2024, 4, 1, 0)}}
		mode := modes[r.IntN(len(modes))]
		l, err := incentive.NewAwardLedger(evShanghai, commerce.CNY, mode, acc, refs, pays)
		require.NoError(t, err)
		net := map[string]int64{}
		for _, ln := range l.Lines() {
			net[ln.Order] += ln.Amount.Units()
		}
		for o, v := range net {
			require.Zero(t, v, "case %d (%v): order %s", n, mode, o)
		}
		r.Shuffle(len(acc), func(i, j int) { acc[i], acc[j] = acc[j], acc[i] })
		r.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
		l2, err := incentive.NewAwardLedger(evShanghai, commerce.CNY, mode, acc, refs, pays)
		require.NoError(t, err)
		require.Equal(t, l.Lines(), l2.Lines(), "case %d", n)
	}
}

func TestAwardLedgerErrors(t *testing.T) {
	acc := []incentive.AwardAccrual{{Order: "o-1", At: evAt(2024, 3, 10, 12), Base: evCNY("100.00"), Rate: commerce.Percent(3)}}
	ref := func(id, order, amount string) []incentive.AwardRefund {
		return []incentive.AwardRefund{{ID: id, Order: order, At: evAt(2024, 3, 11, 0), Amount: evCNY(amount)}}
	}
	tests := []struct {
		name string
		loc  *time.Location
		acc  []incentive.AwardAccrual
		refs []incentive.AwardRefund
		want error
	}{
		{"nil location", nil, acc, nil, commerce.ErrInvalid},
		{"bad order ID", evShanghai, []incentive.AwardAccrual{{Order: "", At: evAt(2024, 3, 1, 0), Base: evCNY("1.00")}}, nil, commerce.ErrInvalid},
		{"accrual twice", evShanghai, append(acc, acc[0]), nil, incentive.ErrConflict},
		{"accrual in dollars", evShanghai, []incentive.AwardAccrual{{Order: "o", At: evAt(2024, 3, 1, 0), Base: evUSD("1.00")}}, nil, commerce.ErrCurrencyMismatch},
		{"negative base", evShanghai, []incentive.AwardAccrual{{Order: "o", At: evAt(2024, 3, 1, 0), Base: evCNY("-1.00")}}, nil, commerce.ErrInvalid},
		{"bad refund ID", evShanghai, acc, ref("", "o-1", "1.00"), commerce.ErrInvalid},
		{"refund twice", evShanghai, acc, append(ref("r", "o-1", "1.00"), ref("r", "o-1", "2.00")...), incentive.ErrConflict},
		{"refund in dollars", evShanghai, acc, []incentive.AwardRefund{{ID: "r", Order: "o-1", At: evAt(2024, 3, 11, 0), Amount: evUSD("1.00")}}, commerce.ErrCurrencyMismatch},
		{"zero refund", evShanghai, acc, ref("r", "o-1", "0.00"), commerce.ErrInvalid},
		{"unknown order", evShanghai, acc, ref("r", "o-2", "1.00"), incentive.ErrUnknownOrder},
		{"refund over the base", evShanghai, acc, append(ref("r", "o-1", "60.00"), ref("s", "o-1", "41.00")...), commerce.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := incentive.NewAwardLedger(tt.loc, commerce.CNY, commerce.HalfUp, tt.acc, tt.refs, nil)
			require.ErrorIs(t, err, tt.want)
			assert.Empty(t, l.Lines(), "nothing built")
		})
	}
	_, err := incentive.NewAwardLedger(evShanghai, commerce.CNY, 0, acc, nil, nil)
	require.ErrorIs(t, err, commerce.ErrRoundingMode)
}
