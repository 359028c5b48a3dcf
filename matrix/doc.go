// Package matrix models a brand's network of accounts, groups and
// touchpoints: a brand that runs 30 accounts with 35 group chats each has
// 1,050 groups and up to 525,000 seats, the same fans in many of them.
// Notes invite readers into groups, groups announce lives, lives convert,
// buyers share, and the loop seeds again. The package answers the
// matrix's questions: how many distinct people a touchpoint reaches, what
// may be sent to whom without spamming them, and how each step of the
// seeding funnel converts. It computes; the caller stores and sends.
//
// # The network
//
// [NewNetwork] validates a [Spec]: [Account]s with a [Role], the [Group]s
// they own with their members, [Note]s and live [Room]s. IDs are unique
// ([ErrDuplicate]), owners and posters are accounts and members are known
// people ([ErrUnknown]). The people are interned to dense [Member]
// numbers, in the order of their IDs, so sets of them are compact and the
// numbering does not depend on the order of the input. A [Network] is
// immutable and safe to share between goroutines.
//
// # Errors
//
// Malformed input is a *[commerce.FieldError] (errors.Is
// [commerce.ErrInvalid]) naming the field, wrapping [ErrDuplicate] or
// [ErrUnknown] where one applies. A call that fails returns nothing
// partial.
package matrix
