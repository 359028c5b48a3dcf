// Package alloc holds the largest-remainder method the library's packages
// share: commerce.Money.Allocate is built on it, and the pricing search runs
// it on raw minor units without allocating.
package alloc
