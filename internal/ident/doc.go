// Package ident checks the identifiers the library's packages accept: order,
// SKU, product, buyer, offer and segment IDs. Every package applies the same
// rule through [Problem], so an ID valid in one is valid in all.
package ident
