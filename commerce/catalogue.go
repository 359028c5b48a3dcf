package commerce

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode"

	"github.com/livecommerce-go/livecommerce/internal/ident"
)

// Origin says whether a product is the seller's own brand or sourced from
// another brand. Buyers who earn ("front store, back factory") carry about 80
// of 100 SKUs of their own; see [Catalogue.OwnBrandShare].
type Origin uint8

// The origins. The zero value is unset and fails validation.
const (
	// OwnBrand is a product of the seller's own brand or close supplier.
	OwnBrand Origin = iota + 1
	// Sourced is another brand's product, selected for the seller's fans.
	Sourced
)

// String returns "own-brand", "sourced" or "Origin(n)".
func (o Origin) String() string {
	switch o {
	case OwnBrand:
		return "own-brand"
	case Sourced:
		return "sourced"
	}
	return fmt.Sprintf("Origin(%d)", uint8(o))
}

// ListingStatus is where a product stands in the platform's listing review.
//
//	Draft ──Submit──▶ InReview ──Approve──▶ Listed ──Delist──▶ Delisted
//	                     │   ▲                                    │
//	                  Reject └──────────── Submit ────────────────┘
//	                     ▼   │
//	                  Rejected (with a reason) ──Submit──┘
type ListingStatus uint8

// The listing states. The zero value is Draft, so a new Product literal is a
// draft.
const (
	Draft ListingStatus = iota
	InReview
	Listed
	Rejected
	Delisted
)

var listingNames = [...]string{"draft", "in review", "listed", "rejected", "delisted"}

// String returns the state's name, such as "in review".
func (s ListingStatus) String() string {
	if int(s) < len(listingNames) {
		return listingNames[s]
	}
	return fmt.Sprintf("ListingStatus(%d)", uint8(s))
}

// Product is a catalogue entry. Its descriptive fields are exported; its
// listing status moves only through the review transitions ([Product.Submit],
// [Product.Approve], [Product.Reject], [Product.Delist]), each of which returns
// a new value and leaves the receiver unchanged. A Product literal starts as a
// [Draft]. Product is comparable.
type Product struct {
	// ID identifies the product; it is required.
	ID string
	// Title is the listing title; it is required.
	Title string
	// Brand is the brand name; it is required.
	Brand string
	// Category is the platform category path, such as "beauty/tools".
	Category string
	// Origin says whether the product is own-brand or sourced; it is required.
	Origin Origin

	status ListingStatus
	reason string
}

// Status returns the listing status.
func (p Product) Status() ListingStatus { return p.status }

// RejectionReason returns the reviewer's reason while the product is
// [Rejected], and "" otherwise.
func (p Product) RejectionReason() string { return p.reason }

// Validate reports the first field that is missing or malformed, as a
// *[FieldError] naming it.
func (p Product) Validate() error {
	if err := checkID("product: id", p.ID); err != nil {
		return err
	}
	prefix := fmt.Sprintf("product %q", p.ID)
	if strings.TrimSpace(p.Title) == "" {
		return invalid(prefix+": title", "empty")
	}
	if strings.TrimSpace(p.Brand) == "" {
		return invalid(prefix+": brand", "empty")
	}
	if p.Origin != OwnBrand && p.Origin != Sourced {
		return invalidf(prefix+": origin", "want own-brand or sourced, got %v", p.Origin)
	}
	return nil
}

func (p Product) transition(action string, from ...ListingStatus) error {
	if slices.Contains(from, p.status) {
		return nil
	}
	return &TransitionError{Entity: "product", ID: p.ID, From: p.status.String(), Action: action}
}

// Submit sends a draft, rejected or delisted product to review. The product
// must be valid.
func (p Product) Submit() (Product, error) {
	if err := p.transition("submit", Draft, Rejected, Delisted); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	p.status, p.reason = InReview, ""
	return p, nil
}

// Approve lists a product in review.
func (p Product) Approve() (Product, error) {
	if err := p.transition("approve", InReview); err != nil {
		return p, err
	}
	p.status = Listed
	return p, nil
}

// Reject returns a product in review with the reviewer's reason, which is
// required.
func (p Product) Reject(reason string) (Product, error) {
	if err := p.transition("reject", InReview); err != nil {
		return p, err
	}
	if strings.TrimSpace(reason) == "" {
		return p, invalid(fmt.Sprintf("product %q: rejection reason", p.ID), "empty")
	}
	p.status, p.reason = Rejected, reason
	return p, nil
}

// Delist takes a listed product off sale.
func (p Product) Delist() (Product, error) {
	if err := p.transition("delist", Listed); err != nil {
		return p, err
	}
	p.status = Delisted
	return p, nil
}

// Attributes are a SKU's variant attributes, such as colour=pink and
// size=M: distinct non-empty keys, each with a value (which may be empty),
// held sorted by key in a comparable, immutable value. The zero value has no
// attributes.
type Attributes struct {
	// s is the canonical form "k1=v1;k2=v2" with keys in byte order.
	s string
}

// NewAttributes builds attributes from alternating keys and values:
// NewAttributes("colour", "pink", "size", "M"). Keys must be distinct and
// non-empty; neither keys nor values may contain '=', ';' or control
// characters.
func NewAttributes(kv ...string) (Attributes, error) {
	if len(kv)%2 != 0 {
		return Attributes{}, invalidf("attributes", "want key-value pairs, got %d strings", len(kv))
	}
	type pair struct{ k, v string }
	pairs := make([]pair, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, v := kv[i], kv[i+1]
		if k == "" {
			return Attributes{}, invalidf(fmt.Sprintf("attributes[%d]", i/2), "empty key")
		}
		for _, s := range [2]string{k, v} {
			if strings.ContainsAny(s, "=;") || strings.ContainsFunc(s, unicode.IsControl) {
				return Attributes{}, invalidf(fmt.Sprintf("attributes[%d]", i/2), "%q contains '=', ';' or a control character", s)
			}
		}
		pairs = append(pairs, pair{k, v})
	}
	slices.SortFunc(pairs, func(a, b pair) int { return cmp.Compare(a.k, b.k) })
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			if pairs[i-1].k == p.k {
				return Attributes{}, invalidf("attributes", "duplicate key %q", p.k)
			}
			b.WriteByte(';')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return Attributes{s: b.String()}, nil
}

// Get returns the value of key.
func (a Attributes) Get(key string) (string, bool) {
	for k, v := range a.All() {
		if k == key {
			return v, true
		}
	}
	return "", false
}

// Len returns the number of attributes.
func (a Attributes) Len() int {
	if a.s == "" {
		return 0
	}
	return strings.Count(a.s, ";") + 1
}

// All yields the attributes in key order.
func (a Attributes) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		if a.s == "" {
			return
		}
		for p := range strings.SplitSeq(a.s, ";") {
			k, v, _ := strings.Cut(p, "=")
			if !yield(k, v) {
				return
			}
		}
	}
}

// String returns the canonical form "colour=pink;size=M".
func (a Attributes) String() string { return a.s }

// SKU is a sellable variant of a product with its list price and stock.
// SKU is a comparable value.
type SKU struct {
	// ID identifies the SKU; it is required.
	ID string
	// ProductID is the product the SKU belongs to; it is required.
	ProductID string
	// Attributes distinguish the variant (colour, size, bundle size).
	Attributes Attributes
	// ListPrice is the price before discounts; it must have a currency and
	// must not be negative.
	ListPrice Money
	// Stock is the number of units on hand; it must not be negative.
	Stock int64
}

// Validate reports the first field that is missing or malformed, as a
// *[FieldError] naming it.
func (s SKU) Validate() error {
	if err := checkID("sku: id", s.ID); err != nil {
		return err
	}
	prefix := fmt.Sprintf("sku %q", s.ID)
	if err := checkID(prefix+": product id", s.ProductID); err != nil {
		return err
	}
	if !s.ListPrice.Currency().Valid() {
		return &FieldError{Field: prefix + ": list price", Reason: "no currency", Err: ErrUnknownCurrency}
	}
	if s.ListPrice.IsNegative() {
		return invalidf(prefix+": list price", "negative: %v", s.ListPrice)
	}
	if s.Stock < 0 {
		return invalidf(prefix+": stock", "negative: %d", s.Stock)
	}
	return nil
}

// checkID rejects an ID that breaks the library's rule for identifiers.
func checkID(field, id string) error {
	if p := ident.Problem(id); p != "" {
		return invalid(field, p)
	}
	return nil
}

// Catalogue is a validated, immutable set of products and their SKUs in one
// currency. Lookups are by ID; iteration is in ID order. A Catalogue is safe
// for concurrent use. The zero value is an empty catalogue with no currency.
type Catalogue struct {
	products []Product // sorted by ID
	skus     []SKU     // sorted by ID
	cur      Currency
}

// NewCatalogue validates products and SKUs and returns them as a catalogue.
// Every product and SKU must be valid, IDs must be unique, every SKU's
// product must be present, and all list prices must share one currency. The
// inputs are copied; their order does not matter.
func NewCatalogue(products []Product, skus []SKU) (Catalogue, error) {
	c := Catalogue{products: slices.Clone(products), skus: slices.Clone(skus)}
	for i, p := range c.products {
		if err := p.Validate(); err != nil {
			return Catalogue{}, within(fmt.Sprintf("catalogue: products[%d]", i), err)
		}
	}
	slices.SortFunc(c.products, func(a, b Product) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(c.products); i++ {
		if c.products[i].ID == c.products[i-1].ID {
			return Catalogue{}, invalidf("catalogue: products", "duplicate id %q", c.products[i].ID)
		}
	}
	for i, s := range c.skus {
		if err := s.Validate(); err != nil {
			return Catalogue{}, within(fmt.Sprintf("catalogue: skus[%d]", i), err)
		}
		if _, ok := c.Product(s.ProductID); !ok {
			return Catalogue{}, invalidf(fmt.Sprintf("catalogue: skus[%d]: sku %q: product id", i, s.ID), "unknown product %q", s.ProductID)
		}
		switch cur := s.ListPrice.Currency(); {
		case c.cur == 0:
			c.cur = cur
		case cur != c.cur:
			return Catalogue{}, &FieldError{
				Field:  fmt.Sprintf("catalogue: skus[%d]: sku %q: list price", i, s.ID),
				Reason: fmt.Sprintf("in %v, catalogue is in %v", cur, c.cur),
				Err:    &MismatchError{A: c.cur, B: cur},
			}
		}
	}
	slices.SortFunc(c.skus, func(a, b SKU) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(c.skus); i++ {
		if c.skus[i].ID == c.skus[i-1].ID {
			return Catalogue{}, invalidf("catalogue: skus", "duplicate id %q", c.skus[i].ID)
		}
	}
	return c, nil
}

// Currency returns the currency of the list prices; it is invalid for a
// catalogue with no SKUs.
func (c Catalogue) Currency() Currency { return c.cur }

// Product returns the product with the given ID.
func (c Catalogue) Product(id string) (Product, bool) {
	i, ok := slices.BinarySearchFunc(c.products, id, func(p Product, id string) int { return cmp.Compare(p.ID, id) })
	if !ok {
		return Product{}, false
	}
	return c.products[i], true
}

// SKU returns the SKU with the given ID.
func (c Catalogue) SKU(id string) (SKU, bool) {
	i, ok := slices.BinarySearchFunc(c.skus, id, func(s SKU, id string) int { return cmp.Compare(s.ID, id) })
	if !ok {
		return SKU{}, false
	}
	return c.skus[i], true
}

// Products yields the products in ID order.
func (c Catalogue) Products() iter.Seq[Product] { return slices.Values(c.products) }

// SKUs yields the SKUs in ID order.
func (c Catalogue) SKUs() iter.Seq[SKU] { return slices.Values(c.skus) }

// Len returns the number of products and of SKUs.
func (c Catalogue) Len() (products, skus int) { return len(c.products), len(c.skus) }

// OwnBrandShare returns the exact share of distinct SKUs in lineup whose
// product is [OwnBrand]: own-brand SKUs / distinct SKUs. A buyer account with
// 80 own SKUs among 100 has a share of 4/5. Repeated IDs count once. An
// unknown SKU is [ErrInvalid]; an empty lineup is [ErrDivisionByZero].
func (c Catalogue) OwnBrandShare(lineup []string) (Ratio, error) {
	ids := slices.Clone(lineup)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var own int64
	for _, id := range ids {
		s, ok := c.SKU(id)
		if !ok {
			return Ratio{}, invalidf("lineup", "unknown sku %q", id)
		}
		if p, _ := c.Product(s.ProductID); p.Origin == OwnBrand {
			own++
		}
	}
	return NewRatio(own, int64(len(ids)))
}
