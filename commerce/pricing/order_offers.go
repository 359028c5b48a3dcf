package pricing

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// ThresholdTier is one step of a threshold offer: from a spend of Min on, save
// Save (满减) or take Off off the spend (满折). Set exactly one of the two;
// all tiers of an offer use the same one.
type ThresholdTier struct {
	// Min is the spend from which the tier applies, compared exactly:
	// ¥99.50 does not reach "spend ¥100".
	Min commerce.Money
	// Save is the amount taken off.
	Save commerce.Money
	// Off is the rate taken off the spend in scope.
	Off commerce.Rate
}

// Every is a repeating threshold: save Save for every full Per spent, at
// most Cap in all ("every ¥100 save ¥10, up to ¥50").
type Every struct {
	// Per is the spend step; it must be positive.
	Per commerce.Money
	// Save is taken off once per full step; it must be positive.
	Save commerce.Money
	// Cap bounds the total saved; the zero Money means no cap.
	Cap commerce.Money
}

// Threshold discounts an order whose spend in scope, after product-level
// offers, reaches a threshold: multi-tier ("spend ¥100 save ¥10, spend ¥200
// save ¥25"; the highest tier reached applies) or repeating ([Every]).
type Threshold struct {
	Terms
	// Scope selects the lines whose spend counts and is discounted.
	Scope Scope
	// Tiers ascend strictly by Min, and a higher tier never saves less.
	// Leave empty when Every is set.
	Tiers []ThresholdTier
	// Every is the repeating form; nil when Tiers are set.
	Every *Every
}

// Stage returns OrderStage.
func (Threshold) Stage() Stage { return OrderStage }

// Validate checks the terms, the scope, and the tiers or the repeating step.
func (t Threshold) Validate() error {
	if err := t.validate("threshold"); err != nil {
		return err
	}
	p := fmt.Sprintf("threshold %q", t.ID)
	if err := t.Scope.Validate(); err != nil {
		return within(p, err)
	}
	switch {
	case len(t.Tiers) == 0 && t.Every == nil:
		return invalid(p, "no tiers and no repeating step")
	case len(t.Tiers) > 0 && t.Every != nil:
		return invalid(p, "tiers and a repeating step at once")
	case t.Every != nil:
		return t.Every.validate(p + ": every")
	}
	bySave := t.Tiers[0].Save.Currency().Valid()
	for i, tier := range t.Tiers {
		field := fmt.Sprintf("%s: tiers[%d]", p, i)
		if err := checkPrice(field+": min", tier.Min); err != nil {
			return err
		}
		if tier.Save.Currency().Valid() != bySave || bySave == !tier.Off.IsZero() {
			return invalid(field, "set an amount saved or a rate off, the same for every tier")
		}
		if bySave {
			if err := checkPositive(field+": save", tier.Save); err != nil {
				return err
			}
			if c, err := tier.Save.Cmp(tier.Min); err != nil {
				return within(field+": save", err)
			} else if c > 0 {
				return invalidf(field+": save", "%v exceeds the threshold %v", tier.Save, tier.Min)
			}
		} else if err := checkOff(field+": off", tier.Off); err != nil {
			return err
		}
		if i == 0 {
			continue
		}
		prev := t.Tiers[i-1]
		if c, err := tier.Min.Cmp(prev.Min); err != nil {
			return within(field+": min", err)
		} else if c <= 0 {
			return invalidf(field+": min", "tiers out of order: %v after %v", tier.Min, prev.Min)
		}
		less := tier.Off.Cmp(prev.Off) < 0
		if bySave {
			c, _ := tier.Save.Cmp(prev.Save) // same currency: checked against Min above
			less = c < 0
		}
		if less {
			return invalid(field, "a higher tier saves less than the one before")
		}
	}
	return nil
}

func (e Every) validate(p string) error {
	if err := checkPositive(p+": per", e.Per); err != nil {
		return err
	}
	if err := checkPositive(p+": save", e.Save); err != nil {
		return err
	}
	if c, err := e.Save.Cmp(e.Per); err != nil {
		return within(p+": save", err)
	} else if c > 0 {
		return invalidf(p+": save", "%v exceeds the step %v", e.Save, e.Per)
	}
	if e.Cap == (commerce.Money{}) {
		return nil
	}
	if err := checkPositive(p+": cap", e.Cap); err != nil {
		return err
	}
	if _, err := e.Cap.Cmp(e.Per); err != nil {
		return within(p+": cap", err)
	}
	return nil
}

// Gift adds Quantity free units of a SKU to an order whose spend in scope
// reaches Min (满赠).
type Gift struct {
	Terms
	// Scope selects the lines whose spend counts.
	Scope Scope
	// Min is the spend that earns the gift, compared exactly.
	Min commerce.Money
	// SKU is the gift's SKU; Quantity its units, at least 1.
	SKU      string
	Quantity int64
}

// Stage returns OrderStage.
func (Gift) Stage() Stage { return OrderStage }

// Validate checks the terms, the scope, the threshold and the gift.
func (g Gift) Validate() error {
	if err := g.validate("gift"); err != nil {
		return err
	}
	p := fmt.Sprintf("gift %q", g.ID)
	if err := g.Scope.Validate(); err != nil {
		return within(p, err)
	}
	if err := checkPrice(p+": min", g.Min); err != nil {
		return err
	}
	if err := checkID(p+": sku", g.SKU); err != nil {
		return err
	}
	if g.Quantity <= 0 || g.Quantity > maxQuantity {
		return invalidf(p+": quantity", "want 1 to %d, got %d", maxQuantity, g.Quantity)
	}
	return nil
}

// Coupon is a coupon the buyer holds: an amount or a rate off the spend in
// scope, from a minimum spend, funded by the shop, the platform or a creator
// ([Terms.Funding]). An order uses at most one coupon per funding source. A
// coupon with a Segment is only for buyers in that segment: the
// instant-discount coupon for joining a group chat is a coupon for the
// segment of group members.
type Coupon struct {
	Terms
	// Scope selects the lines whose spend counts and is discounted.
	Scope Scope
	// Min is the spend the coupon needs, compared exactly; the zero Money
	// means none.
	Min commerce.Money
	// Save is the amount off; set it or Off.
	Save commerce.Money
	// Off is the rate off; set it or Save.
	Off commerce.Rate
	// MaxSave caps what a rate-off coupon saves; the zero Money means no
	// cap.
	MaxSave commerce.Money
	// Segment, when set, limits the coupon to buyers in that segment.
	Segment string
}

// Stage returns CouponStage.
func (Coupon) Stage() Stage { return CouponStage }

// Validate checks the terms, the scope, the minimum spend and the discount.
func (c Coupon) Validate() error {
	if err := c.validate("coupon"); err != nil {
		return err
	}
	p := fmt.Sprintf("coupon %q", c.ID)
	if err := c.Scope.Validate(); err != nil {
		return within(p, err)
	}
	if c.Min != (commerce.Money{}) {
		if err := checkPrice(p+": min", c.Min); err != nil {
			return err
		}
	}
	bySave := c.Save.Currency().Valid()
	if bySave == !c.Off.IsZero() {
		return invalid(p, "set an amount saved or a rate off, one of them")
	}
	if bySave {
		if err := checkPositive(p+": save", c.Save); err != nil {
			return err
		}
		if c.MaxSave != (commerce.Money{}) {
			return invalid(p+": max save", "only a rate-off coupon has a cap")
		}
		if _, err := c.Save.Cmp(c.Min); err != nil {
			return within(p+": save", err)
		}
	} else {
		if err := checkOff(p+": off", c.Off); err != nil {
			return err
		}
		if c.MaxSave != (commerce.Money{}) {
			if err := checkPositive(p+": max save", c.MaxSave); err != nil {
				return err
			}
			if _, err := c.MaxSave.Cmp(c.Min); err != nil {
				return within(p+": max save", err)
			}
		}
	}
	if c.Segment != "" {
		return checkID(p+": segment", c.Segment)
	}
	return nil
}

// checkPositive requires a positive amount with a currency.
func checkPositive(field string, m commerce.Money) error {
	if err := checkPrice(field, m); err != nil {
		return err
	}
	if m.IsZero() {
		return invalid(field, "must be positive")
	}
	return nil
}
