package referral_test

import (
	"testing"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// BenchmarkShowcaseSplit splits a ¥50.00 payment among WeChat's five
// payees (scWeChatTerms): validation, pool, fee and the largest-remainder
// allocation.
func BenchmarkShowcaseSplit(b *testing.B) {
	terms, base := scWeChatTerms(), commerce.MustParseMoney("¥50.00")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := terms.Split(base); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShowcaseSettle splits the paid and the settled amount and
// compares them, for the same five payees.
func BenchmarkShowcaseSettle(b *testing.B) {
	terms := scWeChatTerms()
	paid, settled := commerce.MustParseMoney("¥50.00"), commerce.MustParseMoney("¥30.00")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := terms.Settle(paid, settled); err != nil {
			b.Fatal(err)
		}
	}
}

// A five-payee split allocates its result only: the pool's parts and the
// shares. Ratios in per cent, basis points or ppm cost nothing more.
func TestShowcaseSplitAllocs(t *testing.T) {
	if scRaceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	terms, base := scWeChatTerms(), commerce.MustParseMoney("¥50.00")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := terms.Split(base); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("Split allocates %v times, want at most 2", allocs)
	}
}
