package referral_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce/referral"
)

// A three-level upline for commission: a buyer bound to a host's assistant,
// the assistant to the host, the host to the brand's channel manager. Each
// binding is valid for 30 days, so an order a month after the first one
// reaches only as far as the links still valid then.
func ExampleGraph_Upline() {
	cst := time.FixedZone("CST", 8*3600)
	start := time.Date(2024, 6, 1, 10, 0, 0, 0, cst)
	var g referral.Graph
	for _, id := range []string{"manager", "host", "assistant", "buyer"} {
		if err := g.Join(id, start); err != nil {
			fmt.Println(err)
		}
	}
	_ = g.SetTier("manager", 2)
	_ = g.SetTier("host", 1)

	policy := referral.BindPolicy{Mode: referral.BindExpiring, Validity: 30 * 24 * time.Hour}
	for _, t := range []referral.Touch{
		{Member: "host", Referrer: "manager", Method: referral.ByCode, At: start},
		{Member: "assistant", Referrer: "host", Method: referral.ByScan, At: start.Add(10 * 24 * time.Hour)},
		{Member: "buyer", Referrer: "assistant", Method: referral.ByLink, At: start.Add(15 * 24 * time.Hour)},
	} {
		if _, err := g.Bind(policy, t); err != nil {
			fmt.Println(err)
		}
	}

	upline := make([]referral.Ancestor, 0, 3) // reused for every order
	for _, order := range []time.Time{start.Add(20 * 24 * time.Hour), start.Add(35 * 24 * time.Hour)} {
		upline, _ = g.Upline("buyer", order, 3, upline[:0])
		fmt.Println(order.Format("Jan 2"), upline)
	}
	// Output:
	// Jun 21 [{assistant T0} {host T1} {manager T2}]
	// Jul 6 [{assistant T0} {host T1}]
}

// Last touch with a three-day protection period (抢客保护期): a second
// referrer cannot take the member while the first is protected, and takes
// them once it ends. The decision is a pure function of the policy, the
// member's joining, their binding and the touch.
func ExampleBindPolicy_Decide() {
	joined := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	policy := referral.BindPolicy{Mode: referral.BindLastTouch, Validity: 7 * 24 * time.Hour, Protection: 3 * 24 * time.Hour}
	var cur referral.Binding
	for _, t := range []referral.Touch{
		{Member: "m", Referrer: "ann", Method: referral.ByLink, At: joined},
		{Member: "m", Referrer: "bo", Method: referral.ByScan, At: joined.Add(2 * 24 * time.Hour)},
		{Member: "m", Referrer: "bo", Method: referral.ByScan, At: joined.Add(3 * 24 * time.Hour)},
	} {
		d, err := policy.Decide(joined, cur, t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d)
		cur = d.Binding
	}
	// Output:
	// bound (first touch): ann by link from 2024-06-01T10:00:00Z until 2024-06-08T10:00:00Z protected until 2024-06-04T10:00:00Z
	// refused (protected): ann by link from 2024-06-01T10:00:00Z until 2024-06-08T10:00:00Z protected until 2024-06-04T10:00:00Z
	// rebound (last touch wins): bo by scan from 2024-06-04T10:00:00Z until 2024-06-11T10:00:00Z protected until 2024-06-07T10:00:00Z
}

// A bind that would close a loop of referrals, however long, is refused
// and the graph is left as it was.
func ExampleGraph_Bind() {
	at := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	var g referral.Graph
	for _, id := range []string{"a", "b", "c"} {
		_ = g.Join(id, at)
	}
	policy := referral.BindPolicy{Mode: referral.BindLastTouch}
	_, _ = g.Bind(policy, referral.Touch{Member: "b", Referrer: "a", Method: referral.ByLink, At: at})
	_, _ = g.Bind(policy, referral.Touch{Member: "c", Referrer: "b", Method: referral.ByLink, At: at})

	_, err := g.Bind(policy, referral.Touch{Member: "a", Referrer: "c", Method: referral.ByLink, At: at})
	fmt.Println(err)
	fmt.Println(errors.Is(err, referral.ErrCycle))
	_, bound, _ := g.Binding("a")
	fmt.Println(bound)
	// Output:
	// referral: bind "a" to "c": referral cycle
	// true
	// false
}

// Last-click attribution over 30 days: a click 31 days before the order is
// too old, and one after it does not count.
func ExampleAttribution_Credit() {
	order := time.Date(2024, 6, 18, 20, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	clicks := []referral.Click{
		{Referrer: "ann", Method: referral.ByLink, At: order.Add(-31 * day)},
		{Referrer: "bo", Method: referral.ByScan, At: order.Add(-12 * day)},
		{Referrer: "cy", Method: referral.ByLink, At: order.Add(-2 * day)},
		{Referrer: "dee", Method: referral.ByLink, At: order.Add(time.Hour)},
	}
	for _, a := range []referral.Attribution{
		{Model: referral.LastClick, Window: 30 * day},
		{Model: referral.FirstClick, Window: 30 * day},
		{Model: referral.FirstClick, Window: 90 * day},
	} {
		c, ok, err := a.Credit(clicks, order)
		fmt.Println(a.Model, int64(a.Window/day), "days:", c.Referrer, ok, err)
	}
	// Output:
	// last-click 30 days: cy true <nil>
	// first-click 30 days: bo true <nil>
	// first-click 90 days: ann true <nil>
}
