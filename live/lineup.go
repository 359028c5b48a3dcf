package live

import (
	"fmt"
	"strconv"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// LineupItem is one SKU of a lineup and whose it is.
type LineupItem struct {
	// SKU is the SKU's ID; it is required and may not repeat in a lineup.
	SKU string
	// Brand is the brand or supplier the SKU comes from; it is required.
	Brand string
	// Own reports that the SKU is the account's own brand or a close
	// supplier's, the two DOMAIN.md counts together for a "front store,
	// back factory" buyer. Every item of one Brand must agree.
	Own bool
}

// lineupCount validates items and counts the own SKUs.
func lineupCount(items []LineupItem) (own int, err error) {
	if len(items) == 0 {
		return 0, fieldErr("lineup", "empty")
	}
	skus := make(map[string]int, len(items))
	brands := make(map[string]int, len(items)) // brand → first item
	for i, it := range items {
		// The field's name is built only on the error path.
		field := func(f string) string { return "lineup: item " + strconv.Itoa(i) + ": " + f }
		if ident.Problem(it.SKU) != "" {
			return 0, checkID(field("sku"), it.SKU)
		}
		if ident.Problem(it.Brand) != "" {
			return 0, checkID(field("brand"), it.Brand)
		}
		if j, dup := skus[it.SKU]; dup {
			return 0, fieldErr(field("sku"), "%q repeats item %d", it.SKU, j)
		}
		skus[it.SKU] = i
		if j, seen := brands[it.Brand]; !seen {
			brands[it.Brand] = i
		} else if items[j].Own != it.Own {
			return 0, fieldErr(field("own"), "brand %q is own=%t here and own=%t at item %d", it.Brand, it.Own, items[j].Own, j)
		}
		if it.Own {
			own++
		}
	}
	return own, nil
}

// OwnShare returns the exact share of a lineup's SKUs that are the
// account's own brand or a close supplier's: own SKUs / all SKUs, in
// lowest terms (80 of 100 is 4/5). An empty lineup, an invalid ID, a
// repeated SKU, or one brand marked both own and not own is a
// *[commerce.FieldError] naming the item.
func OwnShare(items []LineupItem) (commerce.Ratio, error) {
	own, err := lineupCount(items)
	if err != nil {
		return commerce.Ratio{}, err
	}
	return commerce.NewRatio(int64(own), int64(len(items)))
}

// Role is the part an account plays in the live room, from DOMAIN.md's
// roles table (seed 000).
type Role uint8

// The roles. The zero value is not a role.
const (
	// Merchant is an account that sells its catalogue (商家).
	Merchant Role = iota + 1
	// Buyer is a creator account that selects products for its fans
	// (买手).
	Buyer
	// Manager is the brand owner who is also the creator on camera
	// (主理人).
	Manager
	numRoles
)

var roleNames = [numRoles]string{"", "merchant", "buyer", "manager"}

// String returns the role's name, such as "buyer".
func (r Role) String() string {
	if r > 0 && r < numRoles {
		return roleNames[r]
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// AccountFacts are what an account declares about itself, the inputs of
// [Classify].
type AccountFacts struct {
	// BrandOwnerOnCamera reports that the brand's owner appears on camera
	// as the account's creator.
	BrandOwnerOnCamera bool
	// SelectsForFans reports that the account is a creator who selects
	// products for its fans.
	SelectsForFans bool
	// Lineup is the account's lineup; at least one item (see
	// [OwnShare]).
	Lineup []LineupItem
}

// Thresholds are the data [Classify] decides with.
type Thresholds struct {
	// FrontStore is the least own share for a buyer to count as "front
	// store, back factory": about 80 of 100 SKUs their own or a close
	// supplier's (DOMAIN.md, seed 000). The zero value means the default,
	// 4/5; otherwise it is above 0 and at most 1.
	FrontStore commerce.Ratio
}

// frontStore returns the threshold in force.
func (t Thresholds) frontStore() (commerce.Ratio, error) {
	r := t.FrontStore
	if r.IsZero() {
		return commerce.NewRatio(4, 5)
	}
	if r.Num() < 0 || r.Num() > r.Den() {
		return commerce.Ratio{}, fieldErr("thresholds: front store", "%v is not above 0 and at most 1", r)
	}
	return r, nil
}

// Classification is an account's [Role] and why.
type Classification struct {
	// Role is the account's role.
	Role Role
	// FrontStore reports a buyer whose own share reaches the threshold
	// ("front store, back factory"); it is false for the other roles.
	FrontStore bool
	// Own is the number of the lineup's SKUs that are the account's own
	// or a close supplier's; SKUs is the number of SKUs.
	Own, SKUs int
	// OwnShare is Own/SKUs in lowest terms.
	OwnShare commerce.Ratio
	// Reasons are the steps of the decision as sentences with their
	// numbers, in the order they were taken.
	Reasons []string
}

// Classify decides an account's role from the facts it declares:
//
//   - the brand owner on camera is a Manager, whatever else it declares;
//   - otherwise a creator selecting for fans is a Buyer, and a
//     "front store, back factory" buyer when its own share reaches the
//     threshold (compared exactly: 4/5 ≥ 4/5 is front store);
//   - otherwise the account is a Merchant.
//
// Every classification reports the lineup's own share. A malformed lineup
// (see [OwnShare]) or threshold is a *[commerce.FieldError].
func Classify(f AccountFacts, t Thresholds) (Classification, error) {
	th, err := t.frontStore()
	if err != nil {
		return Classification{}, err
	}
	own, err := lineupCount(f.Lineup)
	if err != nil {
		return Classification{}, err
	}
	c := Classification{Own: own, SKUs: len(f.Lineup)}
	c.OwnShare, _ = commerce.NewRatio(int64(own), int64(len(f.Lineup))) // SKUs > 0
	share := fmt.Sprintf("own or close-supplier SKUs %d of %d, share %v", own, len(f.Lineup), c.OwnShare)
	switch {
	case f.BrandOwnerOnCamera:
		c.Role = Manager
		c.Reasons = append(c.Reasons, "the brand owner appears on camera: manager (主理人)")
		if f.SelectsForFans {
			c.Reasons = append(c.Reasons, "also selects for fans, but the brand owner on camera decides")
		}
		c.Reasons = append(c.Reasons, share)
	case f.SelectsForFans:
		c.Role = Buyer
		c.Reasons = append(c.Reasons, "a creator selecting products for fans: buyer (买手)")
		if c.OwnShare.Cmp(th) >= 0 {
			c.FrontStore = true
			c.Reasons = append(c.Reasons, fmt.Sprintf("%s ≥ %v: front store, back factory", share, th))
		} else {
			c.Reasons = append(c.Reasons, fmt.Sprintf("%s < %v: not front store, back factory", share, th))
		}
	default:
		c.Role = Merchant
		c.Reasons = append(c.Reasons, "neither the brand owner on camera nor a creator selecting for fans: merchant (商家)", share)
	}
	return c, nil
}
