package commerce_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func sponge() commerce.Product {
	return commerce.Product{ID: "p-sponge", Title: "Makeup sponge set", Brand: "AMORTALS", Category: "beauty/tools", Origin: commerce.OwnBrand}
}

func TestProductLifecycle(t *testing.T) {
	p := sponge()
	assert.Equal(t, commerce.Draft, p.Status())

	inReview, err := p.Submit()
	require.NoError(t, err)
	assert.Equal(t, commerce.InReview, inReview.Status())

	rejected, err := inReview.Reject("title claims 'best'")
	require.NoError(t, err)
	assert.Equal(t, commerce.Rejected, rejected.Status())
	assert.Equal(t, "title claims 'best'", rejected.RejectionReason())

	again, err := rejected.Submit()
	require.NoError(t, err)
	assert.Empty(t, again.RejectionReason())

	listed, err := again.Approve()
	require.NoError(t, err)
	assert.Equal(t, commerce.Listed, listed.Status())

	delisted, err := listed.Delist()
	require.NoError(t, err)
	assert.Equal(t, commerce.Delisted, delisted.Status())
	relisted, err := delisted.Submit()
	require.NoError(t, err)
	assert.Equal(t, commerce.InReview, relisted.Status())
}

func TestProductTransitionErrors(t *testing.T) {
	p := sponge()
	listed, err := p.Submit()
	require.NoError(t, err)
	listed, err = listed.Approve()
	require.NoError(t, err)

	tests := []struct {
		name string
		do   func() (commerce.Product, error)
		from commerce.Product
	}{
		{"approve a draft", p.Approve, p},
		{"reject a draft", func() (commerce.Product, error) { return p.Reject("x") }, p},
		{"delist a draft", p.Delist, p},
		{"submit a listed product", listed.Submit, listed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.do()
			assert.ErrorIs(t, err, commerce.ErrInvalidTransition)
			assert.Equal(t, tt.from, got, "a failed transition returns the receiver unchanged")
			var te *commerce.TransitionError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "product", te.Entity)
		})
	}

	inReview, err := p.Submit()
	require.NoError(t, err)
	_, err = inReview.Reject("  ")
	assert.ErrorIs(t, err, commerce.ErrInvalid)

	bad := p
	bad.Title = ""
	_, err = bad.Submit()
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	assert.Equal(t, "draft", commerce.Draft.String())
	assert.Equal(t, "ListingStatus(9)", commerce.ListingStatus(9).String())
}

func TestProductValidate(t *testing.T) {
	tests := []struct {
		field string
		edit  func(*commerce.Product)
	}{
		{"product: id", func(p *commerce.Product) { p.ID = "" }},
		{"product: id", func(p *commerce.Product) { p.ID = " p" }},
		{"product: id", func(p *commerce.Product) { p.ID = "p\n" }},
		{`product "p-sponge": title`, func(p *commerce.Product) { p.Title = " " }},
		{`product "p-sponge": brand`, func(p *commerce.Product) { p.Brand = "" }},
		{`product "p-sponge": origin`, func(p *commerce.Product) { p.Origin = 0 }},
	}
	for _, tt := range tests {
		p := sponge()
		tt.edit(&p)
		err := p.Validate()
		var fe *commerce.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, tt.field, fe.Field)
	}
	require.NoError(t, sponge().Validate())
	assert.Equal(t, "own-brand", commerce.OwnBrand.String())
	assert.Equal(t, "sourced", commerce.Sourced.String())
	assert.Equal(t, "Origin(7)", commerce.Origin(7).String())
}

func TestAttributes(t *testing.T) {
	a, err := commerce.NewAttributes("size", "M", "colour", "粉色")
	require.NoError(t, err)
	assert.Equal(t, "colour=粉色;size=M", a.String())
	assert.Equal(t, 2, a.Len())
	v, ok := a.Get("size")
	assert.True(t, ok)
	assert.Equal(t, "M", v)
	_, ok = a.Get("weight")
	assert.False(t, ok)
	b, err := commerce.NewAttributes("colour", "粉色", "size", "M")
	require.NoError(t, err)
	assert.Equal(t, a, b, "attributes are canonical whatever the input order")

	var keys []string
	for k := range a.All() {
		keys = append(keys, k)
		break
	}
	assert.Equal(t, []string{"colour"}, keys, "All stops when asked")

	var zero commerce.Attributes
	assert.Equal(t, 0, zero.Len())
	for range zero.All() {
		t.Fatal("no attributes")
	}

	for _, bad := range [][]string{{"k"}, {"", "v"}, {"k=", "v"}, {"k", "v;"}, {"k", "v\n"}, {"k", "1", "k", "2"}} {
		_, err := commerce.NewAttributes(bad...)
		assert.ErrorIs(t, err, commerce.ErrInvalid, "%q", bad)
	}
}

func TestSKUValidate(t *testing.T) {
	good := commerce.SKU{ID: "s-1", ProductID: "p-1", ListPrice: cny(4990), Stock: 10}
	require.NoError(t, good.Validate())
	tests := []struct {
		field string
		err   error
		edit  func(*commerce.SKU)
	}{
		{"sku: id", commerce.ErrInvalid, func(s *commerce.SKU) { s.ID = "" }},
		{`sku "s-1": product id`, commerce.ErrInvalid, func(s *commerce.SKU) { s.ProductID = "" }},
		{`sku "s-1": list price`, commerce.ErrUnknownCurrency, func(s *commerce.SKU) { s.ListPrice = commerce.Money{} }},
		{`sku "s-1": list price`, commerce.ErrInvalid, func(s *commerce.SKU) { s.ListPrice = cny(-1) }},
		{`sku "s-1": stock`, commerce.ErrInvalid, func(s *commerce.SKU) { s.Stock = -1 }},
	}
	for _, tt := range tests {
		s := good
		tt.edit(&s)
		err := s.Validate()
		assert.ErrorIs(t, err, tt.err)
		var fe *commerce.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, tt.field, fe.Field)
	}
}

func lineup(t *testing.T, own, sourced int) commerce.Catalogue {
	t.Helper()
	products := []commerce.Product{
		{ID: "own", Title: "Own", Brand: "B", Origin: commerce.OwnBrand},
		{ID: "other", Title: "Other", Brand: "C", Origin: commerce.Sourced},
	}
	var skus []commerce.SKU
	for i := range own {
		skus = append(skus, commerce.SKU{ID: fmt.Sprintf("own-%03d", i), ProductID: "own", ListPrice: cny(100)})
	}
	for i := range sourced {
		skus = append(skus, commerce.SKU{ID: fmt.Sprintf("src-%03d", i), ProductID: "other", ListPrice: cny(100)})
	}
	c, err := commerce.NewCatalogue(products, skus)
	require.NoError(t, err)
	return c
}

func TestCatalogue(t *testing.T) {
	c := lineup(t, 80, 20)
	np, ns := c.Len()
	assert.Equal(t, 2, np)
	assert.Equal(t, 100, ns)
	assert.Equal(t, commerce.CNY, c.Currency())

	var ids []string
	for s := range c.SKUs() {
		ids = append(ids, s.ID)
	}
	assert.True(t, slices.IsSorted(ids))
	var pids []string
	for p := range c.Products() {
		pids = append(pids, p.ID)
	}
	assert.Equal(t, []string{"other", "own"}, pids)

	// The buyers who earn carry about 80 of 100 SKUs of their own (DOMAIN.md).
	share, err := c.OwnBrandShare(ids)
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(4, 5), share)
	assert.Equal(t, 0, share.CmpRate(commerce.Percent(80)))

	share, err = c.OwnBrandShare([]string{"own-001", "own-001", "src-001"})
	require.NoError(t, err)
	assert.Equal(t, commerce.MustNewRatio(1, 2), share, "repeated IDs count once")

	_, err = c.OwnBrandShare([]string{"nope"})
	assert.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = c.OwnBrandShare(nil)
	assert.ErrorIs(t, err, commerce.ErrDivisionByZero)

	p, ok := c.Product("own")
	assert.True(t, ok)
	assert.Equal(t, "Own", p.Title)
	_, ok = c.Product("none")
	assert.False(t, ok)
	s, ok := c.SKU("src-003")
	assert.True(t, ok)
	assert.Equal(t, "other", s.ProductID)
	_, ok = c.SKU("none")
	assert.False(t, ok)
}

func TestCatalogueErrors(t *testing.T) {
	p := sponge()
	s := commerce.SKU{ID: "s-1", ProductID: p.ID, ListPrice: cny(100)}
	tests := []struct {
		name     string
		products []commerce.Product
		skus     []commerce.SKU
		err      error
		field    string
	}{
		{"invalid product", []commerce.Product{{ID: "x"}}, nil, commerce.ErrInvalid, `catalogue: products[0]: product "x": title`},
		{"duplicate product", []commerce.Product{p, p}, nil, commerce.ErrInvalid, "catalogue: products"},
		{"invalid sku", []commerce.Product{p}, []commerce.SKU{{ID: "s"}}, commerce.ErrInvalid, `catalogue: skus[0]: sku "s": product id`},
		{"unknown product", []commerce.Product{p}, []commerce.SKU{{ID: "s", ProductID: "q", ListPrice: cny(1)}}, commerce.ErrInvalid, `catalogue: skus[0]: sku "s": product id`},
		{"duplicate sku", []commerce.Product{p}, []commerce.SKU{s, s}, commerce.ErrInvalid, "catalogue: skus"},
		{"mixed currencies", []commerce.Product{p}, []commerce.SKU{s, {ID: "s-2", ProductID: p.ID, ListPrice: usd(1)}}, commerce.ErrCurrencyMismatch, `catalogue: skus[1]: sku "s-2": list price`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := commerce.NewCatalogue(tt.products, tt.skus)
			assert.ErrorIs(t, err, tt.err)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}
