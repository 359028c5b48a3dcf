package referral

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// cases returns n, or long when LIVECOMMERCE_LONG=1 asks for the full size.
func cases(n, long int) int {
	if os.Getenv("LIVECOMMERCE_LONG") == "1" {
		return long
	}
	return n
}

// gen draws random plans, graphs, orders and refunds.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

var modes = []commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up, commerce.Floor, commerce.Ceiling}

// rate draws a rate of up to max basis points with 0–2 decimal places of a
// percent.
func (g *gen) rate(maxBP int) commerce.Rate { return commerce.BasisPoints(int64(g.r.IntN(maxBP + 1))) }

func (g *gen) reward(fixed bool) Reward {
	if fixed {
		return Reward{PerUnit: commerce.MustNewMoney(int64(1+g.r.IntN(500)), commerce.CNY)}
	}
	return Reward{Rate: g.rate(1200)}
}

// kind is a rule type the refund properties cover separately.
type kind int

const (
	kindPaid kind = iota
	kindList
	kindFixed
	kindDifferential
	kindCapped
	kindCut
	numKinds
)

func (k kind) String() string {
	return [...]string{"paid", "list", "fixed", "differential", "capped", "cut"}[k]
}

// plan draws a valid plan of the given kind (or of any, for k < 0) and its
// program, retrying draws the ceiling rejects.
func (g *gen) plan(tb testing.TB, k kind) (*Program, Plan) {
	tb.Helper()
	for {
		p := Plan{ID: "p", Version: "v", Currency: commerce.CNY, Rounding: modes[g.r.IntN(len(modes))],
			Hold: Hold{Credit: Milestone(1 + g.r.IntN(3)), Release: Milestone(2 + g.r.IntN(3)), Days: g.r.IntN(10)}}
		if k < 0 {
			k = kind(g.r.IntN(int(numKinds)))
		}
		depth := 1 + g.r.IntN(2)
		if g.r.IntN(4) == 0 {
			depth, p.AllowThirdLevel = 3, true
		}
		for range depth {
			p.Levels = append(p.Levels, g.reward(false))
		}
		for tier := Tier(1); tier <= 2; tier++ {
			if g.r.IntN(2) == 0 {
				p.Tiers = append(p.Tiers, TierRewards{Tier: tier, Levels: []Reward{g.reward(false)}})
			}
		}
		p.SelfPurchase = g.r.IntN(3) == 0
		p.MinTier = Tier(g.r.IntN(2))
		switch k {
		case kindList:
			p.Basis = ListBasis
		case kindPaid:
			p.Shipping = g.r.IntN(2) == 0
		case kindFixed:
			for i := range 3 {
				p.SKUs = append(p.SKUs, ItemRewards{ID: fmt.Sprintf("sku-%d", i), Levels: []Reward{g.reward(true)}, MinUnitPaid: yuan("20.00")})
			}
			p.Products = append(p.Products, ItemRewards{ID: "prod-1", Levels: []Reward{g.reward(false), g.reward(true)}, MinUnitPaid: yuan("20.00")})
		case kindDifferential:
			p.Differential = []TierRate{{1, commerce.BasisPoints(int64(100 + g.r.IntN(300)))}, {2, commerce.BasisPoints(int64(500 + g.r.IntN(300)))}, {3, commerce.BasisPoints(int64(900 + g.r.IntN(300)))}}
		case kindCapped:
			if g.r.IntN(2) == 0 {
				p.Differential = []TierRate{{1, commerce.BasisPoints(int64(100 + g.r.IntN(300)))}, {3, commerce.BasisPoints(int64(500 + g.r.IntN(300)))}}
			}
			p.Caps = Caps{Day: commerce.MustNewMoney(int64(100+g.r.IntN(3000)), commerce.CNY), Lifetime: commerce.MustNewMoney(int64(1000+g.r.IntN(30000)), commerce.CNY)}
			p.Location = t0.Location()
		case kindCut:
			p.Basis = ListBasis
			for i := range 3 {
				p.SKUs = append(p.SKUs, ItemRewards{ID: fmt.Sprintf("sku-%d", i), Levels: []Reward{g.reward(false), g.reward(true)}, MinUnitPaid: yuan("100.00")})
			}
		}
		p.Ceiling = commerce.Percent(int64(20 + g.r.IntN(81)))
		if pr, err := NewProgram(p); err == nil {
			return pr, p
		}
	}
}

// graph draws a forest of n members, each bound to an earlier one or to
// nobody, with tiers 0–3.
func (g *gen) graph(n int) (*Graph, []string) {
	ids := make([]string, n)
	var links [][2]string
	tiers := map[string]Tier{}
	for i := range ids {
		ids[i] = fmt.Sprintf("m%05d", i)
		if i > 0 && g.r.IntN(8) != 0 {
			links = append(links, [2]string{ids[i], ids[g.r.IntN(i)]})
		}
		tiers[ids[i]] = Tier(g.r.IntN(4))
	}
	return testGraph(nil, links, tiers, ids...), ids
}

// order draws an order of 1–maxLines lines, with discounts and shipping.
func (g *gen) order(id, buyer string, at time.Time, maxLines int) Order {
	o := Order{ID: id, Buyer: buyer, At: at}
	for i := range 1 + g.r.IntN(maxLines) {
		q := int64(1 + g.r.IntN(5))
		unit := int64(1 + g.r.IntN(50000))
		list := unit * q
		paid := list
		switch g.r.IntN(4) {
		case 0:
			paid = list - g.r.Int64N(list+1) // a coupon share, maybe all of it
		case 1:
			paid = list * int64(50+g.r.IntN(50)) / 100
		}
		sku := fmt.Sprintf("sku-%d", g.r.IntN(5))
		prod := ""
		if g.r.IntN(2) == 0 {
			prod = "prod-1"
		}
		o.Lines = append(o.Lines, Line{ID: fmt.Sprintf("l%d", i), Product: prod, SKU: sku, Quantity: q,
			UnitList: commerce.MustNewMoney(unit, commerce.CNY), Paid: commerce.MustNewMoney(paid, commerce.CNY)})
	}
	if g.r.IntN(2) == 0 {
		o.Shipping = commerce.MustNewMoney(int64(g.r.IntN(2000)), commerce.CNY)
	}
	return o
}

// refParts is the reference arithmetic for one line, written apart from the
// package's: big rationals, its own rounding and its own largest remainder.
func refLine(a *Accrual, li int, paid, qty int64) []int64 {
	l := a.Lines[li]
	var shares []int
	for i, s := range a.Shares {
		if s.Line == li {
			shares = append(shares, i)
		}
	}
	out := make([]int64, len(shares))
	base := new(big.Rat)
	switch {
	case qty == 0 || l.Paid.Units() > 0 && paid == 0:
	case a.Basis == PaidBasis:
		base.SetInt64(paid)
	case l.Paid.IsZero():
		base.SetFrac64(l.Base.Units()*qty, l.Quantity)
	default:
		base.SetInt64(roundRat(new(big.Rat).Mul(new(big.Rat).SetInt64(l.Base.Units()), big.NewRat(paid, l.Paid.Units())), a.Rounding))
	}
	var sum int64
	for j, i := range shares {
		s := a.Shares[i]
		var v int64
		if base.Sign() > 0 {
			if s.Reward.isFixed() {
				v = s.Reward.PerUnit.Units() * qty
			} else {
				rate := new(big.Rat)
				rate.SetString(s.Reward.Rate.Decimal().String())
				v = roundRat(new(big.Rat).Mul(base, rate), a.Rounding)
			}
		}
		if s.Cap != Uncapped && s.Room.Units() < v {
			v = s.Room.Units()
		}
		out[j] = v
		sum += v
	}
	ceil := new(big.Rat)
	ceil.SetString(a.Ceiling.Decimal().String())
	limit := roundRat(new(big.Rat).Mul(new(big.Rat).SetInt64(paid), ceil), commerce.Floor)
	if b := base.Num().Int64(); base.IsInt() && b < limit {
		limit = b
	}
	if sum <= limit {
		return out
	}
	// Largest remainder, ties to the lower index.
	type rem struct {
		i int
		r *big.Int
	}
	var rems []rem
	var given int64
	for j, w := range out {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(limit), big.NewInt(w)), big.NewInt(sum), new(big.Int))
		out[j] = q.Int64()
		given += out[j]
		rems = append(rems, rem{j, r})
	}
	slices.SortStableFunc(rems, func(x, y rem) int { return -x.r.Cmp(y.r) })
	for k := range limit - given {
		out[rems[k].i]++
	}
	return out
}

// roundRat rounds r to an integer with mode.
func roundRat(r *big.Rat, mode commerce.RoundingMode) int64 {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() == 0 {
		return q.Int64()
	}
	neg := r.Sign() < 0
	if neg {
		q.Sub(q, big.NewInt(0)) // QuoRem truncates toward zero
	}
	twice := new(big.Int).Abs(new(big.Int).Lsh(m, 1))
	c := twice.Cmp(r.Denom())
	away := false
	switch mode {
	case commerce.Up:
		away = true
	case commerce.Down:
	case commerce.Floor:
		away = neg
	case commerce.Ceiling:
		away = !neg
	case commerce.HalfUp:
		away = c >= 0
	case commerce.HalfEven:
		away = c > 0 || c == 0 && q.Bit(0) == 1
	}
	v := q.Int64()
	if away {
		if neg {
			v--
		} else {
			v++
		}
	}
	return v
}
