package incentive

import (
	"fmt"
	"slices"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// AwardKind is what an [Award] grants.
type AwardKind uint8

// The award kinds.
const (
	// TrafficViews grants Views views of promoted traffic (cold-start,
	// growth, traffic cards).
	TrafficViews AwardKind = iota + 1
	// Cash grants Amount of money.
	Cash
	// Coupons grants Count coupons of face value Amount each.
	Coupons
	// GrowthCard grants an e-commerce growth card worth Amount.
	GrowthCard
	// AdsCredit grants Amount of advertising credit.
	AdsCredit
	// FeeReduction lowers the technical service fee of FeePlan, which it
	// must name, to Rate. The fee itself is computed by the fee plan, not
	// here.
	FeeReduction
	// FeeCashback pays back Rate (at most 100%) of the technical service
	// fee: of the fees charged under FeePlan when it names one, or, when
	// FeePlan is empty, of the fees as charged, whichever plan charged
	// them, as the merchant's [FeeCharged] events report them. The
	// evaluation sums the FeeCharged events of the window either way.
	FeeCashback
	// Perk is a benefit the source does not quantify (priority on
	// commercial perks, one-to-one matching, "traffic support"); Note says
	// what it is.
	Perk
	numAwardKinds
)

var awardKindNames = [numAwardKinds]string{"", "traffic-views", "cash", "coupons", "growth-card", "ads-credit",
	"fee-reduction", "fee-cashback", "perk"}

// String returns the kind's name, such as "traffic-views".
func (k AwardKind) String() string {
	if k > 0 && k < numAwardKinds {
		return awardKindNames[k]
	}
	return fmt.Sprintf("AwardKind(%d)", uint8(k))
}

// monetary reports whether the kind's size is money, so that caps on it
// may be amounts.
func (k AwardKind) monetary() bool {
	switch k {
	case Cash, Coupons, GrowthCard, AdsCredit, FeeCashback:
		return true
	}
	return false
}

// Award is what a rule grants each time it is earned; "up to" limits over
// many awards are [Cap]s. Which fields count depends on Kind; the others
// must be zero, except Note.
type Award struct {
	// Kind is what is granted.
	Kind AwardKind
	// Amount is the money of Cash, GrowthCard and AdsCredit, or the face
	// value of one coupon, in the programme's currency.
	Amount commerce.Money
	// Views is the number of views of TrafficViews.
	Views int64
	// Count is the number of Coupons.
	Count int64
	// FeePlan is the ID of the fee plan a FeeReduction lowers (required)
	// or a FeeCashback pays back (optional: empty is the fees as charged,
	// reported by [FeeCharged] events, for a programme whose source names
	// no rate table).
	FeePlan string
	// Rate is the reduced fee rate of FeeReduction or the share of the fee
	// paid back by FeeCashback, 0% to 100%.
	Rate commerce.Rate
	// Note says what the award is in words; a Perk needs one.
	Note string
}

// IsZero reports whether a is the zero Award (no award).
func (a Award) IsZero() bool {
	return a.Kind == 0 && a.Amount == (commerce.Money{}) && a.Views == 0 && a.Count == 0 && a.FeePlan == "" && a.Rate.IsZero() && a.Note == ""
}

func (a Award) validate(path string, cur commerce.Currency) *ProgrammeError {
	if a.Kind == 0 || a.Kind >= numAwardKinds {
		return progErr(CodeMalformed, path+".kind", "unknown award kind %v", a.Kind)
	}
	amount := a.Kind == Cash || a.Kind == Coupons || a.Kind == GrowthCard || a.Kind == AdsCredit
	fee := a.Kind == FeeReduction || a.Kind == FeeCashback
	unused := func(set bool, field string) *ProgrammeError {
		if set {
			return progErr(CodeMalformed, path+"."+field, "%s is not used by %v", field, a.Kind)
		}
		return nil
	}
	if pe := firstErr(
		unused(!amount && a.Amount != (commerce.Money{}), "amount"),
		unused(a.Kind != TrafficViews && a.Views != 0, "views"),
		unused(a.Kind != Coupons && a.Count != 0, "count"),
		unused(!fee && a.FeePlan != "", "fee-plan"),
		unused(!fee && !a.Rate.IsZero(), "rate"),
	); pe != nil {
		return pe
	}
	switch {
	case amount:
		if pe := checkAmount(path+".amount", a.Amount, cur); pe != nil {
			return pe
		}
		if a.Kind == Coupons && a.Count < 1 {
			return progErr(CodeMissing, path+".count", "coupons need a count of at least 1, got %d", a.Count)
		}
	case a.Kind == TrafficViews:
		if a.Views < 1 {
			return progErr(CodeMissing, path+".views", "traffic needs at least 1 view, got %d", a.Views)
		}
	case fee:
		switch {
		case a.Kind == FeeCashback && a.FeePlan == "":
			// The fees as charged: no plan to name.
		case a.FeePlan == "":
			return progErr(CodeMissing, path+".fee-plan", "%v needs the fee plan it lowers", a.Kind)
		default:
			if err := checkID(path+".fee-plan", a.FeePlan); err != nil {
				return progErr(CodeMissing, path+".fee-plan", "%v needs a fee plan: %v", a.Kind, err)
			}
		}
		if pe := checkRate(path+".rate", a.Rate); pe != nil {
			return pe
		}
		if a.Kind == FeeCashback && a.Rate.IsZero() {
			return progErr(CodeMissing, path+".rate", "a cashback of 0%% pays nothing")
		}
	default: // Perk
		if a.Note == "" {
			return progErr(CodeMissing, path+".note", "a perk needs a note saying what it is")
		}
	}
	return nil
}

// checkAmount checks a positive amount in cur.
func checkAmount(path string, m commerce.Money, cur commerce.Currency) *ProgrammeError {
	switch {
	case m == (commerce.Money{}):
		return progErr(CodeMissing, path, "no amount")
	case m.Currency() != cur:
		return progErr(CodeCurrency, path, "%v is not in %v", m, cur)
	case !m.IsPositive():
		return progErr(CodeMalformed, path, "%v is not positive", m)
	}
	return nil
}

// Entity is who a cap or an award counts against.
type Entity uint8

// The entities.
const (
	// Merchant is the merchant: a merchant-level cap is shared across all
	// its stores.
	Merchant Entity = iota + 1
	// Store is one store of a merchant.
	Store
	// Provider is a service provider (服务商).
	Provider
	// MCN is an MCN agency.
	MCN
	numEntities
)

var entityNames = [numEntities]string{"", "merchant", "store", "provider", "mcn"}

// String returns "merchant", "store", "provider" or "mcn".
func (e Entity) String() string {
	if e > 0 && e < numEntities {
		return entityNames[e]
	}
	return fmt.Sprintf("Entity(%d)", uint8(e))
}

// CapPeriod is the period over which a [Cap] counts.
type CapPeriod uint8

// The cap periods. Days and months are calendar days and months in the
// programme's location.
const (
	// PerDay resets at local midnight.
	PerDay CapPeriod = iota + 1
	// PerMonth resets on the 1st of each month.
	PerMonth
	// PerWindow counts over the rule's window (from its anchor), or the
	// programme's effective period when the rule has none.
	PerWindow
	// Lifetime never resets: once per entity for life.
	Lifetime
	numCapPeriods
)

var capPeriodNames = [numCapPeriods]string{"", "day", "month", "window", "lifetime"}

// String returns "day", "month", "window" or "lifetime".
func (p CapPeriod) String() string {
	if p > 0 && p < numCapPeriods {
		return capPeriodNames[p]
	}
	return fmt.Sprintf("CapPeriod(%d)", uint8(p))
}

// Cap bounds what a rule awards one entity in one period: an amount of
// money, or a count of award units (views for traffic, coupons for
// coupons, awards for anything else). Exactly one of Amount and Count is
// set. A cap without a period is [CodeCapWithoutPeriod].
type Cap struct {
	// Entity is who the cap counts against.
	Entity Entity
	// Period is when it resets.
	Period CapPeriod
	// Amount is a money cap in the programme's currency.
	Amount commerce.Money
	// Count is a count cap.
	Count int64
}

func (c Cap) validate(path string, cur commerce.Currency, kind AwardKind) *ProgrammeError {
	switch {
	case c.Entity == 0 || c.Entity >= numEntities:
		return progErr(CodeMissing, path+".entity", "a cap needs an entity (merchant, store, provider or mcn)")
	case c.Period == 0:
		return progErr(CodeCapWithoutPeriod, path+".period", "a cap needs a period (day, month, window or lifetime)")
	case c.Period >= numCapPeriods:
		return progErr(CodeMalformed, path+".period", "unknown period %v", c.Period)
	case c.Amount != (commerce.Money{}) && c.Count != 0:
		return progErr(CodeMalformed, path, "both an amount and a count")
	case c.Amount != (commerce.Money{}):
		if kind != 0 && !kind.monetary() {
			return progErr(CodeMalformed, path+".amount", "a money cap on %v awards", kind)
		}
		return checkAmount(path+".amount", c.Amount, cur)
	case c.Count < 1:
		return progErr(CodeMissing, path+".count", "a cap needs an amount or a count of at least 1")
	}
	return nil
}

// Metric is what a ladder, a milestone, a ranking or a minimum measures.
type Metric uint8

// The metrics, measured over the rule's window by the evaluation.
const (
	// GMV is gross merchandise value, money.
	GMV Metric = iota + 1
	// IncrementalGMV is GMV in the rule's window minus GMV in the
	// baseline's prior window, money; it needs a [Baseline].
	IncrementalGMV
	// Orders counts orders.
	Orders
	// UniqueVisitors counts distinct visitors.
	UniqueVisitors
	numMetrics
)

var metricNames = [numMetrics]string{"", "gmv", "incremental-gmv", "orders", "unique-visitors"}

// String returns "gmv", "incremental-gmv", "orders" or "unique-visitors".
func (m Metric) String() string {
	if m > 0 && m < numMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// money reports whether the metric is an amount of money.
func (m Metric) money() bool { return m == GMV || m == IncrementalGMV }

// Tier is one rung of a ladder over the rule's Metric: a metric in
// [From, To) earns Award. A zero To is open-ended and only the top tier
// may have one. A ladder's tiers, sorted by From, must meet end to end:
// a gap is [CodeTierGap], an overlap [CodeTierOverlap].
type Tier struct {
	// From and To bound the tier, in the programme's currency.
	From, To commerce.Money
	// Award is what the tier earns.
	Award Award
}

// Milestone is a first-time rung: the first time the rule's Metric reaches
// Threshold, Award is paid, once per merchant for life. Thresholds rise
// strictly.
type Milestone struct {
	// Threshold is the level to reach, in the programme's currency.
	Threshold commerce.Money
	// Award is what reaching it earns.
	Award Award
}

// TieKey is a key that breaks ties in a [Ranking].
type TieKey uint8

// The tie-break keys.
const (
	// EarlierFirstBroadcast ranks the merchant that first broadcast
	// earlier higher.
	EarlierFirstBroadcast TieKey = iota + 1
	// EarlierOpening ranks the store that opened earlier higher.
	EarlierOpening
	// LowerMerchantID ranks the lower merchant ID (byte order) higher. It
	// is unique, so a tie-break must end with it.
	LowerMerchantID
	numTieKeys
)

var tieKeyNames = [numTieKeys]string{"", "earlier-first-broadcast", "earlier-opening", "lower-merchant-id"}

// String returns the key's name, such as "lower-merchant-id".
func (k TieKey) String() string {
	if k > 0 && k < numTieKeys {
		return tieKeyNames[k]
	}
	return fmt.Sprintf("TieKey(%d)", uint8(k))
}

// Ranking awards the Top entities by the rule's Metric, highest first;
// ties break on TieBreak in order, which must end with [LowerMerchantID]
// so that no tie survives (else [CodeAmbiguousRanking]). The zero Ranking
// is no ranking.
type Ranking struct {
	// Top is how many ranks are awarded.
	Top int
	// TieBreak are the keys that order equal metrics.
	TieBreak []TieKey
}

// IsZero reports whether r is the zero Ranking.
func (r Ranking) IsZero() bool { return r.Top == 0 && r.TieBreak == nil }

func (r Ranking) validate(path string) *ProgrammeError {
	switch {
	case r.Top < 1:
		return progErr(CodeMissing, path+".top", "a ranking needs a top of at least 1, got %d", r.Top)
	case len(r.TieBreak) == 0 || r.TieBreak[len(r.TieBreak)-1] != LowerMerchantID:
		return progErr(CodeAmbiguousRanking, path+".tie-break", "ties must end with %v, a unique key; got %v", LowerMerchantID, r.TieBreak)
	}
	for i, k := range r.TieBreak {
		p := fmt.Sprintf("%s.tie-break[%d]", path, i)
		if k == 0 || k >= numTieKeys {
			return progErr(CodeMalformed, p, "unknown tie-break key %v", k)
		}
		if slices.Contains(r.TieBreak[:i], k) {
			return progErr(CodeDuplicate, p, "%v twice", k)
		}
	}
	return nil
}

// Baseline makes a rule measure growth: the metric over the rule's window
// minus the same metric over Prior, which must reach MinIncrement. The zero
// Baseline is no baseline.
type Baseline struct {
	// Prior is the earlier period, a Fixed window with an end. It must end
	// by the start of the period the rule measures: the From of a Fixed
	// rule window, or else the start of the programme's effective period
	// ([CodeBadWindow]).
	Prior Window
	// MinIncrement is the least increment that counts (0 for any growth),
	// in the programme's currency.
	MinIncrement commerce.Money
}

// IsZero reports whether b is the zero Baseline.
func (b Baseline) IsZero() bool { return b.Prior.IsZero() && b.MinIncrement == (commerce.Money{}) }

func (b Baseline) validate(path string, cur commerce.Currency) *ProgrammeError {
	if b.Prior.Kind != Fixed {
		return progErr(CodeBadWindow, path+".prior", "a baseline's prior period is a fixed window, not %v", b.Prior.Kind)
	}
	if pe := b.Prior.validate(path + ".prior"); pe != nil {
		return pe
	}
	if b.Prior.To.IsZero() {
		return progErr(CodeBadWindow, path+".prior.to", "a prior period needs an end")
	}
	if b.MinIncrement != (commerce.Money{}) {
		if b.MinIncrement.Currency() != cur {
			return progErr(CodeCurrency, path+".min-increment", "%v is not in %v", b.MinIncrement, cur)
		}
		if b.MinIncrement.IsNegative() {
			return progErr(CodeMalformed, path+".min-increment", "negative %v", b.MinIncrement)
		}
	}
	return nil
}

// Minimum is a floor each awarded unit must reach, such as a product's
// "≥ $250 GMV and ≥ 3 orders" in a cold-start award: Amount for a money
// metric, Count for a count.
type Minimum struct {
	// Metric is what is measured.
	Metric Metric
	// Amount is the floor of a money metric.
	Amount commerce.Money
	// Count is the floor of a count metric.
	Count int64
}

func (m Minimum) validate(path string, cur commerce.Currency) *ProgrammeError {
	switch {
	case m.Metric == 0 || m.Metric >= numMetrics:
		return progErr(CodeMissing, path+".metric", "a minimum needs a metric")
	case m.Metric.money() && m.Count != 0:
		return progErr(CodeMalformed, path+".count", "%v is money: give an amount", m.Metric)
	case m.Metric.money():
		return checkAmount(path+".amount", m.Amount, cur)
	case m.Amount != (commerce.Money{}):
		return progErr(CodeMalformed, path+".amount", "%v counts: give a count", m.Metric)
	case m.Count < 1:
		return progErr(CodeMissing, path+".count", "a minimum count of at least 1, got %d", m.Count)
	}
	return nil
}

// validateTiers checks a ladder: sorted by From, each tier ends where the
// next begins.
func validateTiers(path string, tiers []Tier, cur commerce.Currency) *ProgrammeError {
	order := make([]int, len(tiers))
	for i, t := range tiers {
		order[i] = i
		p := fmt.Sprintf("%s[%d]", path, i)
		if t.From.Currency() != cur && t.From != (commerce.Money{}) {
			return progErr(CodeCurrency, p+".from", "%v is not in %v", t.From, cur)
		}
		if t.From.IsNegative() {
			return progErr(CodeMalformed, p+".from", "negative %v", t.From)
		}
		if t.To != (commerce.Money{}) {
			if t.To.Currency() != cur {
				return progErr(CodeCurrency, p+".to", "%v is not in %v", t.To, cur)
			}
			if t.To.Units() <= t.From.Units() {
				return progErr(CodeBadWindow, p, "tier [%v, %v) is empty", t.From, t.To)
			}
		}
		if pe := t.Award.validate(p+".award", cur); pe != nil {
			return pe
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch x, y := tiers[a].From.Units(), tiers[b].From.Units(); {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	for k := 1; k < len(order); k++ {
		prev, cur := tiers[order[k-1]], tiers[order[k]]
		p := fmt.Sprintf("%s[%d]", path, order[k])
		switch {
		case prev.To == (commerce.Money{}) || prev.To.Units() > cur.From.Units():
			return progErr(CodeTierOverlap, p, "[%v, %s) overlaps tier %d", cur.From, upper(cur.To), order[k-1])
		case prev.To.Units() < cur.From.Units():
			return progErr(CodeTierGap, p, "%v to %v is in no tier", prev.To, cur.From)
		}
	}
	return nil
}

// upper formats a tier's upper bound, "∞" when open.
func upper(m commerce.Money) string {
	if m == (commerce.Money{}) {
		return "∞"
	}
	return m.String()
}

// validateMilestones checks first-time rungs: thresholds positive and
// strictly rising.
func validateMilestones(path string, ms []Milestone, cur commerce.Currency) *ProgrammeError {
	for i, m := range ms {
		p := fmt.Sprintf("%s[%d]", path, i)
		if pe := checkAmount(p+".threshold", m.Threshold, cur); pe != nil {
			return pe
		}
		if i > 0 {
			switch prev := ms[i-1].Threshold; {
			case prev.Units() == m.Threshold.Units():
				return progErr(CodeDuplicate, p+".threshold", "%v twice", m.Threshold)
			case prev.Units() > m.Threshold.Units():
				return progErr(CodeMalformed, p+".threshold", "%v after %v: thresholds must rise", m.Threshold, prev)
			}
		}
		if pe := m.Award.validate(p+".award", cur); pe != nil {
			return pe
		}
	}
	return nil
}
