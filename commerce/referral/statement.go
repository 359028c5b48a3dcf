package referral

import (
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Statement is a beneficiary's account in one currency over the half-open
// period [From, To). Its balance is what the ledger owes them: pending plus
// available. It reconciles exactly:
//
//	Opening + Earned − Reversed − Withdrawn + Adjustments = Closing
//
// where Earned is commission credited, Reversed the clawbacks of credited
// commission, Withdrawn the withdrawals less failed payouts, and
// Adjustments the adjustments and conversions in and out. Estimated is
// commission accrued but not yet credited at To, outside the balance.
type Statement struct {
	// Beneficiary and Currency say whose account.
	Beneficiary string
	Currency    commerce.Currency
	// From and To bound the period.
	From, To time.Time
	// Opening and Closing are the balance at From and at To.
	Opening, Closing commerce.Money
	// Earned, Reversed, Withdrawn and Adjustments are the period's
	// movements.
	Earned, Reversed, Withdrawn, Adjustments commerce.Money
	// PaidOut is what was paid out in the period (from withdrawing, so
	// outside the balance).
	PaidOut commerce.Money
	// Estimated is the commission not yet credited at To.
	Estimated commerce.Money
}

// Statement returns a beneficiary's statement in currency c for [from, to).
// Every figure is summed from the ledger's entries, and Closing is the
// balance the entries give at To, so the identity above is a check, not a
// definition. Errors: to before from is [commerce.ErrInvalid]; a sum
// beyond int64 is [commerce.ErrOverflow].
func (l Ledger) Statement(beneficiary string, c commerce.Currency, from, to time.Time) (Statement, error) {
	if to.Before(from) {
		return Statement{}, fieldErr("statement: to", "%v before from %v", to, from)
	}
	var open, close, earned, reversed, withdrawn, adjust, paidOut, estimated int64
	ok := true
	sum := func(acc *int64, v int64) {
		var fine bool
		if *acc, fine = add64(*acc, v); !fine {
			ok = false
		}
	}
	for _, e := range l.BeneficiaryEntries(beneficiary) {
		if e.Amount.Currency() != c || !e.At.Before(to) {
			continue
		}
		v := e.Amount.Units()
		in := 0
		if e.To == Pending || e.To == Available {
			in++
		}
		if e.From == Pending || e.From == Available {
			in--
		}
		sum(&close, int64(in)*v)
		if e.To == Estimated {
			sum(&estimated, v)
		}
		if e.From == Estimated {
			sum(&estimated, -v)
		}
		if e.At.Before(from) {
			sum(&open, int64(in)*v)
			continue
		}
		switch e.Kind {
		case Credited:
			sum(&earned, v)
		case Reversed:
			if e.From == Pending || e.From == Available {
				sum(&reversed, v)
			}
		case Withdrawn:
			sum(&withdrawn, v)
		case Failed:
			sum(&withdrawn, -v)
		case Disbursed:
			sum(&paidOut, v)
		case Adjusted, ConvertedIn:
			sum(&adjust, v)
		case ConvertedOut:
			sum(&adjust, -v)
		}
	}
	if !ok {
		return Statement{}, fmt.Errorf("referral: statement of %q: %w", beneficiary, commerce.ErrOverflow)
	}
	m := func(v int64) commerce.Money { return commerce.MustNewMoney(v, c) }
	if _, err := commerce.NewMoney(0, c); err != nil {
		return Statement{}, &commerce.FieldError{Field: "statement: currency", Err: err}
	}
	return Statement{
		Beneficiary: beneficiary, Currency: c, From: from, To: to,
		Opening: m(open), Closing: m(close), Earned: m(earned), Reversed: m(reversed),
		Withdrawn: m(withdrawn), Adjustments: m(adjust), PaidOut: m(paidOut), Estimated: m(estimated),
	}, nil
}

// Reconciles reports whether Opening + Earned − Reversed − Withdrawn +
// Adjustments equals Closing.
func (s Statement) Reconciles() bool {
	v := s.Opening.Units()
	for _, d := range []int64{s.Earned.Units(), -s.Reversed.Units(), -s.Withdrawn.Units(), s.Adjustments.Units()} {
		var ok bool
		if v, ok = add64(v, d); !ok {
			return false
		}
	}
	return v == s.Closing.Units()
}

// String formats the statement on one line per figure.
func (s Statement) String() string {
	return fmt.Sprintf("%s %v [%s, %s)\n  opening     %v\n  earned    + %v\n  reversed  − %v\n  withdrawn − %v\n  adjusted  + %v\n  closing   = %v\n  (paid out %v, estimated %v)",
		s.Beneficiary, s.Currency, s.From.Format(time.DateOnly), s.To.Format(time.DateOnly),
		s.Opening, s.Earned, s.Reversed, s.Withdrawn, s.Adjustments, s.Closing, s.PaidOut, s.Estimated)
}
