package incentive_test

import (
	"fmt"
	"testing"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// FuzzEvaluate decodes bytes into a treasure-host merchant's events and
// checks the invariants: no panic, an error or a result, and the same
// JSON for the events reversed.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{1, 10, 16, 200, 2, 10, 18, 50})
	f.Add([]byte{3, 1, 1, 0, 1, 31, 23, 255, 2, 31, 23, 255})
	f.Add([]byte{4, 5, 12, 0, 5, 6, 12, 90})
	ev := treasureHost(f)
	from, to := evAt(2024, 3, 1, 0), evAt(2024, 4, 1, 0)
	f.Fuzz(func(t *testing.T, data []byte) {
		m := treasureMerchant()
		m.Events = nil
		for i := 0; i+3 < len(data) && len(m.Events) < 64; i += 4 {
			kind := incentive.EventKind(data[i] % 6)
			e := incentive.Event{Kind: kind, ID: fmt.Sprintf("e-%d", data[i+3]%16), At: evAt(2024, 3, 1+int(data[i+1]%31), int(data[i+2]%24)), Product: fmt.Sprintf("p-%d", data[i+3]%3)}
			if kind == incentive.OrderPaid || kind == incentive.OrderRefunded || kind == incentive.FeeCharged {
				e.Amount = commerce.MustNewMoney(int64(data[i+3])*100_000, commerce.CNY)
			}
			m.Events = append(m.Events, e)
		}
		res, err := ev.Evaluate(m, from, to)
		rev := m
		rev.Events = make([]incentive.Event, len(m.Events))
		for i, e := range m.Events {
			rev.Events[len(m.Events)-1-i] = e
		}
		res2, err2 := ev.Evaluate(rev, from, to)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v / %v", err, err2)
		}
		if err != nil {
			return
		}
		a, errA := res.MarshalJSON()
		b, errB := res2.MarshalJSON()
		if errA != nil || errB != nil || string(a) != string(b) {
			t.Fatalf("order-dependent result:\n%s\n%s", a, b)
		}
	})
}
