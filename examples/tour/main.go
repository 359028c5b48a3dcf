// Command tour is the main demonstration of livecommerce: the beauty
// brand's first broadcast from seeding to settlement, then the cup brand's
// 18-hour days, on the fixture data of the library's xxxtest packages. The
// brands are fictional and modelled on the two cases of the project's
// DOMAIN.md: Puffbloom on AMORTALS (beauty tools, about ¥50 an order) and
// Cupwell on Shidajia (cups, about ¥150 an order).
//
// Puffbloom, section by section:
//
//  1. the catalogue, and the live's offer for new customers (a bundle and
//     the join coupon) priced, allocated to the lines and split by who
//     funds it (commerce, commerce/pricing);
//  2. the free and membership groups, the tier ladder behind them, the
//     live announcement and the live badge (groupchat);
//  3. the live session: its transitions, its metrics, the lift of group
//     members over other viewers and a giveaway anyone can re-check (live);
//  4. the seeding funnel from note impression to repurchase over a seeded
//     stream of events drawn from the story, by step with per-step
//     conversion as text bars, by the note that started each chain, by the
//     time each step took and by the day, and its tallies merged (matrix);
//  5. the treasure-host incentive the merchant earned, with its trace and
//     what it lacks, beside WeChat Channels' 618 plan for the same merchant,
//     and a technical-service-fee quote that crosses the commission-free
//     plan's ¥1M cap (incentive);
//  6. member-referral commission on the orders that came through a shared
//     link, a partial refund, and statements that reconcile
//     (commerce/referral).
//
// Cupwell: what its touchpoints reach across the 1,050 groups of its 30
// accounts, exactly and by a HyperLogLog sketch, and one day's touchpoint
// plan within WeCom's caps and its own daily cap (matrix); then the 18-hour
// roster, and the certificate that says why three hosts at 40 hours a week
// cannot carry it without overtime (live).
//
// Run it from a clone of the repository:
//
//	go run ./examples/tour
//
// Every time is fixed and every random draw seeded, so the output is the
// same on every run. testdata/tour.golden holds it; after an intended change,
// rewrite it with
//
//	go test ./examples/tour -update
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// A part is one brand's story: a title and its sections, in order.
type part struct {
	title    string
	sections []section
}

// A section is one step of a story: a heading and what it writes. It may
// record in s what a later section takes up.
type section struct {
	heading string
	write   func(w io.Writer, s *story) error
}

// parts returns the tour, part by part and section by section.
func parts() []part {
	return []part{
		{"Puffbloom's first broadcast, from seeding to settlement", []section{
			{"1. The offer for new customers", offer},
			{"2. The groups: free, membership, VIP", groups},
			{"3. The live session", liveSession},
			{"4. The seeding funnel, from notes to repurchase", seedingFunnel},
			{"5. The treasure-host incentive, beside WeChat Channels' 618", treasureHost},
			{"6. Commission for shared links, a refund, a statement", referralCommission},
		}},
		{"Cupwell: a live room 18 hours a day", []section{
			{"The matrix: reach across 1,050 groups", cupReach},
			{"One day's touchpoints within caps", cupPlan},
			{"The roster of three hosts", cupRoster},
		}},
	}
}

// run writes the tour to w. It fails on the first error of the library or of
// w.
func run(w io.Writer) error {
	sw := &stickyWriter{w: w}
	s, err := newStory()
	if err != nil {
		return err
	}
	for i, p := range parts() {
		if i > 0 {
			fmt.Fprintln(sw)
		}
		title(sw, p.title)
		for _, sec := range p.sections {
			heading(sw, sec.heading)
			if err := sec.write(sw, s); err != nil {
				return fmt.Errorf("%s: %w", sec.heading, err)
			}
			if sw.err != nil {
				return sw.err
			}
		}
	}
	return sw.err
}
