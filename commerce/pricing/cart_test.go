package pricing_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/commerce/pricing"
)

func TestCart(t *testing.T) {
	valid := pricing.Cart{Items: []pricing.Item{
		{SKU: "sponge", Product: "p-sponge", Category: "beauty/tools", Quantity: 3, UnitPrice: cny("19.90")},
		{SKU: "brush", Quantity: 1, UnitPrice: cny("39.90")},
	}}
	require.NoError(t, valid.Validate())
	assert.Equal(t, commerce.CNY, valid.Currency())
	assert.Equal(t, commerce.Currency(0), pricing.Cart{}.Currency())

	with := func(f func(*pricing.Cart)) pricing.Cart {
		c := pricing.Cart{Items: append([]pricing.Item(nil), valid.Items...)}
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		cart  pricing.Cart
		field string
		err   error
	}{
		{"empty", pricing.Cart{}, "cart: items", commerce.ErrInvalid},
		{"no sku", with(func(c *pricing.Cart) { c.Items[1].SKU = "" }), "cart: items[1]: sku", commerce.ErrInvalid},
		{"duplicate sku", with(func(c *pricing.Cart) { c.Items[1].SKU = "sponge" }), "cart: items[1]: sku", commerce.ErrInvalid},
		{"bad product", with(func(c *pricing.Cart) { c.Items[0].Product = " p" }), "cart: items[0]: product", commerce.ErrInvalid},
		{"bad category", with(func(c *pricing.Cart) { c.Items[0].Category = "a\tb" }), "cart: items[0]: category", commerce.ErrInvalid},
		{"zero quantity", with(func(c *pricing.Cart) { c.Items[0].Quantity = 0 }), "cart: items[0]: quantity", commerce.ErrInvalid},
		{"negative quantity", with(func(c *pricing.Cart) { c.Items[0].Quantity = -2 }), "cart: items[0]: quantity", commerce.ErrInvalid},
		{"huge quantity", with(func(c *pricing.Cart) { c.Items[0].Quantity = 1_000_001 }), "cart: items[0]: quantity", commerce.ErrInvalid},
		{"no price", with(func(c *pricing.Cart) { c.Items[0].UnitPrice = commerce.Money{} }), "cart: items[0]: unit price", commerce.ErrUnknownCurrency},
		{"negative price", with(func(c *pricing.Cart) { c.Items[0].UnitPrice = cny("-0.01") }), "cart: items[0]: unit price", commerce.ErrInvalid},
		{"mixed currencies", with(func(c *pricing.Cart) { c.Items[1].UnitPrice = commerce.MustParseMoney("USD 5") }), "cart: items[1]: unit price", commerce.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cart.Validate()
			assert.ErrorIs(t, err, tt.err)
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestBuyer(t *testing.T) {
	valid := pricing.Buyer{ID: "m-1", Tier: "gold", Segments: []string{"group-member", "new"}, Uses: []pricing.Use{{Offer: "join", Count: 1}}}
	require.NoError(t, valid.Validate())
	assert.True(t, valid.InSegment("group-member"))
	assert.False(t, valid.InSegment("vip"))
	assert.Equal(t, 1, valid.UsesOf("join"))
	assert.Equal(t, 0, valid.UsesOf("other"))

	tests := []struct {
		name  string
		buyer pricing.Buyer
		field string
	}{
		{"no id", pricing.Buyer{}, "buyer: id"},
		{"tier", pricing.Buyer{ID: "b", Tier: " gold"}, `buyer "b": tier`},
		{"segment", pricing.Buyer{ID: "b", Segments: []string{""}}, `buyer "b": segments[0]`},
		{"duplicate segment", pricing.Buyer{ID: "b", Segments: []string{"a", "a"}}, `buyer "b": segments[1]`},
		{"use offer", pricing.Buyer{ID: "b", Uses: []pricing.Use{{Count: 1}}}, `buyer "b": uses[0]: offer`},
		{"use count", pricing.Buyer{ID: "b", Uses: []pricing.Use{{Offer: "x", Count: -1}}}, `buyer "b": uses[0]: count`},
		{"duplicate use", pricing.Buyer{ID: "b", Uses: []pricing.Use{{Offer: "x"}, {Offer: "x"}}}, `buyer "b": uses[1]: offer`},
	}
	for _, tt := range tests {
		err := tt.buyer.Validate()
		assert.ErrorIs(t, err, commerce.ErrInvalid, tt.name)
		var fe *commerce.FieldError
		require.ErrorAs(t, err, &fe, tt.name)
		assert.Equal(t, tt.field, fe.Field, tt.name)
	}
}
