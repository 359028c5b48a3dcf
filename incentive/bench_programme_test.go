package incentive

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// benchFacts are facts that pass the treasure host's cold-start rule
// through its second branch (external GMV over ¥1M), so that AnyOf
// evaluates both children.
func benchFacts(at time.Time) Facts {
	return Facts{Merchant: "m-1", Known: FactLastBroadcastAt | FactExternalMonthlyGMV,
		LastBroadcastAt: at.Add(-48 * time.Hour), ExternalMonthlyGMV: commerce.MustParseMoney("CNY 1500000.00")}
}

// BenchmarkProgrammeEval is the hot path of an evaluation: one rule's
// eligibility, already compiled into a catalogue, against one merchant's
// facts (the treasure host's cold-start rule: any-of of two predicates).
func BenchmarkProgrammeEval(b *testing.B) {
	e, err := Builtin().lookup("xiaohongshu-treasure-host", time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	r := &e.p.Rules[e.rules["cold-start-traffic"]]
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, e.loc)
	f := benchFacts(at)
	b.ReportAllocs()
	for b.Loop() {
		if evalAll(r.Eligibility, &f, at, e.loc) != pass {
			b.Fatal("not eligible")
		}
	}
}

// BenchmarkProgrammeCheck is the why-not path: validation, every outcome
// with its text.
func BenchmarkProgrammeCheck(b *testing.B) {
	p, err := Builtin().Version("xiaohongshu-treasure-host", "2024")
	if err != nil {
		b.Fatal(err)
	}
	loc, _ := Zone(p.Zone)
	at := time.Date(2024, 5, 10, 12, 0, 0, 0, loc)
	f := benchFacts(at)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Check("cold-start-traffic", f, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgrammeParse parses and validates the largest built-in
// programme (the treasure host, 13 rules).
func BenchmarkProgrammeParse(b *testing.B) {
	var data []byte
	for _, s := range builtinProgrammes {
		if len(s) > len(data) {
			data = []byte(s)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseProgramme(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgrammeLookup is the bitemporal look-up of a compiled
// edition (what the evaluation will call), without the copy Lookup hands
// out.
func BenchmarkProgrammeLookup(b *testing.B) {
	c := Builtin()
	eff, known := time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.lookup("tiktok-us-newstar", eff, known); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgrammeStack resolves the stacking of three applicable rules
// of the treasure host with the compiled stacker.
func BenchmarkProgrammeStack(b *testing.B) {
	e, err := Builtin().lookup("xiaohongshu-treasure-host", time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	applicable := []int{2, 0, 1}
	out := make([]int, 0, 3)
	used := make([]int, len(e.p.Stacking))
	b.ReportAllocs()
	for b.Loop() {
		out = e.stack.resolve(out[:0], applicable, used)
	}
	if len(out) != 3 {
		b.Fatal(out)
	}
}
