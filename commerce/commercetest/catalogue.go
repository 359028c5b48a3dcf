package commercetest

import "github.com/livecommerce-go/livecommerce/commerce"

// stock is the units on hand of every fixture SKU. [Orders] does not draw
// stock down.
const stock = 5000

// BeautyCatalogue returns the catalogue of Puffbloom, a fictional
// beauty-tools brand modelled on AMORTALS in DOMAIN.md: makeup sponge sets,
// puffs, a brush set, a brush cleaning pad and a travel kit of its own
// brand, and two sourced products, a cleanser and a setting spray. It has 7
// products and 10 SKUs (IDs "beauty-prod-01"… and "beauty-sku-01"…), all
// listed, priced in CNY; 8 of the 10 SKUs are own-brand.
//
// The list prices are calibrated so that [Orders] with the default
// configuration averages near ¥50 an order, the AMORTALS figure: the mean
// list price is ¥21.10, and an order has 2 lines of 1.25 units on average at
// 95% of list price on average (see [OrderConfig]), so the expected order
// value is ¥21.10 × 2 × 1.25 × 0.95 ≈ ¥50.11.
func BeautyCatalogue() commerce.Catalogue {
	const brand = "Puffbloom"
	return catalogue(
		[]commerce.Product{
			{ID: "beauty-prod-01", Title: "Puffbloom makeup sponge set", Brand: brand, Category: "beauty/tools/sponges", Origin: commerce.OwnBrand},
			{ID: "beauty-prod-02", Title: "Puffbloom powder puffs", Brand: brand, Category: "beauty/tools/puffs", Origin: commerce.OwnBrand},
			{ID: "beauty-prod-03", Title: "Puffbloom makeup brush set", Brand: brand, Category: "beauty/tools/brushes", Origin: commerce.OwnBrand},
			{ID: "beauty-prod-04", Title: "Puffbloom brush cleaning pad", Brand: brand, Category: "beauty/tools/cleaning", Origin: commerce.OwnBrand},
			{ID: "beauty-prod-05", Title: "Puffbloom travel makeup kit", Brand: brand, Category: "beauty/tools/kits", Origin: commerce.OwnBrand},
			{ID: "beauty-prod-06", Title: "Clearwell sponge and brush cleanser", Brand: "Clearwell", Category: "beauty/tools/cleaning", Origin: commerce.Sourced},
			{ID: "beauty-prod-07", Title: "Dewfield setting spray mini", Brand: "Dewfield", Category: "beauty/makeup/setting", Origin: commerce.Sourced},
		},
		[]commerce.SKU{
			sku("beauty-sku-01", "beauty-prod-01", 1990, "colour", "pink", "pack", "4"),
			sku("beauty-sku-02", "beauty-prod-01", 1990, "colour", "mixed", "pack", "4"),
			sku("beauty-sku-03", "beauty-prod-01", 3290, "colour", "mixed", "pack", "8"),
			sku("beauty-sku-04", "beauty-prod-02", 1290, "type", "air-cushion", "pack", "3"),
			sku("beauty-sku-05", "beauty-prod-02", 1290, "type", "loose-powder", "pack", "3"),
			sku("beauty-sku-06", "beauty-prod-03", 3990, "pieces", "6"),
			sku("beauty-sku-07", "beauty-prod-04", 990, "colour", "pink"),
			sku("beauty-sku-08", "beauty-prod-05", 3490, "pouch", "canvas"),
			sku("beauty-sku-09", "beauty-prod-06", 1490, "size", "100ml"),
			sku("beauty-sku-10", "beauty-prod-07", 1290, "size", "30ml"),
		},
	)
}

// CupCatalogue returns the catalogue of Cupwell, a fictional cup brand
// modelled on Shidajia in DOMAIN.md: glass cups, a ceramic mug, insulated
// tumblers, a gift set and a straw-and-lid pack of its own brand, and two
// sourced products, a cup brush and drip coffee. It has 7 products and 10
// SKUs (IDs "cup-prod-01"… and "cup-sku-01"…), all listed, priced in CNY;
// 8 of the 10 SKUs are own-brand.
//
// The list prices are calibrated so that [Orders] with the default
// configuration averages near ¥150 an order, the Shidajia figure: the mean
// list price is ¥63.30, so the expected order value is
// ¥63.30 × 2 × 1.25 × 0.95 ≈ ¥150.34 (see [BeautyCatalogue]).
func CupCatalogue() commerce.Catalogue {
	const brand = "Cupwell"
	return catalogue(
		[]commerce.Product{
			{ID: "cup-prod-01", Title: "Cupwell double-wall glass cup", Brand: brand, Category: "home/drinkware/cups", Origin: commerce.OwnBrand},
			{ID: "cup-prod-02", Title: "Cupwell ceramic mug", Brand: brand, Category: "home/drinkware/cups", Origin: commerce.OwnBrand},
			{ID: "cup-prod-03", Title: "Cupwell insulated tumbler", Brand: brand, Category: "home/drinkware/tumblers", Origin: commerce.OwnBrand},
			{ID: "cup-prod-04", Title: "Cupwell glass cup gift set", Brand: brand, Category: "home/drinkware/gift-sets", Origin: commerce.OwnBrand},
			{ID: "cup-prod-05", Title: "Cupwell straw and lid pack", Brand: brand, Category: "home/drinkware/accessories", Origin: commerce.OwnBrand},
			{ID: "cup-prod-06", Title: "Brightbristle cup cleaning brush", Brand: "Brightbristle", Category: "home/cleaning/brushes", Origin: commerce.Sourced},
			{ID: "cup-prod-07", Title: "Hillroast drip coffee bags", Brand: "Hillroast", Category: "food/coffee", Origin: commerce.Sourced},
		},
		[]commerce.SKU{
			sku("cup-sku-01", "cup-prod-01", 3900, "capacity", "350ml", "colour", "clear"),
			sku("cup-sku-02", "cup-prod-01", 3900, "capacity", "350ml", "colour", "amber"),
			sku("cup-sku-03", "cup-prod-02", 4900, "capacity", "400ml", "colour", "cream"),
			sku("cup-sku-04", "cup-prod-03", 8900, "capacity", "600ml", "colour", "white"),
			sku("cup-sku-05", "cup-prod-03", 8900, "capacity", "600ml", "colour", "sage"),
			sku("cup-sku-06", "cup-prod-03", 10900, "capacity", "900ml", "colour", "white"),
			sku("cup-sku-07", "cup-prod-04", 13900, "cups", "2", "box", "gift"),
			sku("cup-sku-08", "cup-prod-05", 1900, "pack", "2"),
			sku("cup-sku-09", "cup-prod-06", 1200, "pack", "2"),
			sku("cup-sku-10", "cup-prod-07", 4900, "pack", "10"),
		},
	)
}

// sku returns a SKU of product at fen minor units of CNY with the given
// attribute keys and values, and [stock] units on hand.
func sku(id, product string, fen int64, kv ...string) commerce.SKU {
	return commerce.SKU{
		ID:         id,
		ProductID:  product,
		Attributes: must(commerce.NewAttributes(kv...)),
		ListPrice:  CNY(fen),
		Stock:      stock,
	}
}

// catalogue lists every product (through review: submit, approve) and
// returns the validated catalogue.
func catalogue(products []commerce.Product, skus []commerce.SKU) commerce.Catalogue {
	for i, p := range products {
		products[i] = must(must(p.Submit()).Approve())
	}
	return must(commerce.NewCatalogue(products, skus))
}
