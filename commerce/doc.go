// Package commerce is the money and order core of the library: currencies,
// exact money and rates, allocation that never loses a cent, the catalogue,
// orders with their after-sales, and commerce metrics.
//
// # Representation
//
// [Money] is an int64 count of minor units (fen for CNY) and a [Currency]
// from an ISO 4217 table compiled into the package, with exponents 0 (JPY,
// KRW, VND), 2 (CNY, USD, ...) and 3 (KWD, BHD, OMR). The range is about
// ±92 trillion yuan. Floats never hold money: text is read digit by digit
// ([ParseMoney], [ParseAmount]) and decimals are converted with an explicit
// rounding mode ([FromDecimal]).
//
// [Rate] is an exact signed decimal ratio with up to 18 places, built from
// percent text ("12.5%"), [BasisPoints] (WeChat Pay's 万分比 and Douyin's
// 万分位 are the same unit), [PartsPerMillion] or a decimal.Decimal.
// [Ratio] is an exact fraction of two integers, for measured shares such as a
// refund rate; it compares with rates exactly ([Ratio.CmpRate]).
//
// # Rounding
//
// Every operation that may round takes a [RoundingMode]: [HalfUp] (the CNY
// default, ties away from zero), [HalfEven], [Down], [Up], [Floor] and
// [Ceiling]. [Money.MulRate] multiplies in 128 bits and rounds once.
// Refunds round as their [AfterSalesPolicy] says; [Metrics.AverageOrderValue]
// takes the mode as an argument.
//
// # Allocation
//
// [Money.Allocate] and [Money.Split] divide an amount into parts that always
// sum to the whole, by the largest-remainder method with ties to the lower
// index: ¥0.03 at 75:25 is ¥0.02 + ¥0.01, and ¥10.00 over three equal lines is
// ¥3.34 + ¥3.33 + ¥3.33.
//
// # Catalogue
//
// [Product] moves through listing review (draft → in review → listed, or
// rejected with a reason → resubmitted; listed → delisted). [SKU] carries
// [Attributes], a list price and stock. [NewCatalogue] validates a set of
// both, and [Catalogue.OwnBrandShare] measures a lineup's own-brand share.
//
// # Orders and after-sales
//
// [NewOrder] validates an [OrderSpec]; the lifecycle is created → paid →
// shipped → delivered → completed, with cancellation before shipping. Each
// step returns a new [Order] or an error ([ErrInvalidTransition] from the
// wrong state). [Order.Refund] applies refund-only or return-and-refund
// requests by line and quantity inside an [AfterSalesPolicy] window; the
// refunds of any sequence of partial returns sum exactly to what was paid for
// the units returned.
//
// # Metrics
//
// [Tally] accumulates [Metrics] (GMV by payment time, refunds, net GMV,
// orders, buyers, repeat buyers) in parts that merge exactly, so it can run
// as the combine step of a distributed aggregation; [Summarize] does it in
// one call. Each derived rate's formula is in its doc comment.
//
// # Errors
//
// Nothing panics on data except the Must functions, which are for constants
// and tests. Errors wrap exported sentinels ([ErrCurrencyMismatch],
// [ErrOverflow], [ErrSyntax], [ErrInexact], [ErrInvalid],
// [ErrInvalidTransition], ...) or are typed errors ([MismatchError],
// [FieldError], [TransitionError]) that match them with errors.Is and carry
// the bad input for errors.As. An operation that fails changes nothing.
//
// # Concurrency
//
// Currency, Money, Rate, Ratio, Product, SKU, Catalogue and Order are
// immutable values, safe to share between goroutines. A Tally is an
// accumulator owned by one goroutine at a time.
package commerce
