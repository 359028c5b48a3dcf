package matrix

import (
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// StepCounts are the user counts of a funnel over a set of users: all of
// them, those of one source, or those who entered on one day.
type StepCounts struct {
	// Users is the number of users in the set, whatever their level.
	Users int64
	// Reached[k] is the number of users who reached step k+1 (whose level
	// is at least k+1), for the funnel's steps; it never grows with k.
	Reached []int64
}

// counts returns the StepCounts of a level histogram h (h[l]: users at
// level l).
func counts(h []int64) StepCounts {
	c := StepCounts{Reached: make([]int64, len(h)-1)}
	var acc int64
	for l := len(h) - 1; l >= 1; l-- {
		acc += h[l]
		c.Reached[l-1] = acc
	}
	c.Users = acc + h[0]
	return c
}

// Conversion returns the share of the users who reached step 1 that
// reached step (1 to the number of steps): Reached[step−1] / Reached[0],
// exact. No user at step 1 is [commerce.ErrDivisionByZero]; a step out of
// range is a *[commerce.FieldError].
func (c StepCounts) Conversion(step int) (commerce.Ratio, error) {
	if step < 1 || step > len(c.Reached) {
		return commerce.Ratio{}, fieldErr("funnel: conversion: step", "want 1 to %d, got %d", len(c.Reached), step)
	}
	return stepRatio("conversion", step, c.Reached[step-1], c.Reached[0])
}

// StepConversion returns the share of the users who reached step−1 that
// went on to step (2 to the number of steps): Reached[step−1] /
// Reached[step−2], exact. No user at step−1 is
// [commerce.ErrDivisionByZero]; a step out of range is a
// *[commerce.FieldError].
func (c StepCounts) StepConversion(step int) (commerce.Ratio, error) {
	if step < 2 || step > len(c.Reached) {
		return commerce.Ratio{}, fieldErr("funnel: step conversion: step", "want 2 to %d, got %d", len(c.Reached), step)
	}
	return stepRatio("step conversion", step, c.Reached[step-1], c.Reached[step-2])
}

func stepRatio(what string, step int, num, den int64) (commerce.Ratio, error) {
	if den == 0 {
		return commerce.Ratio{}, fmt.Errorf("matrix: funnel %s to step %d: %d/0: %w", what, step, num, commerce.ErrDivisionByZero)
	}
	return commerce.NewRatio(num, den)
}

// SourceCounts are the counts of the users credited to one source by the
// funnel's [Breakdown].
type SourceCounts struct {
	// Source is the touchpoint, or [NoSource].
	Source Source
	StepCounts
}

// DayCounts are the counts of the users whose credited chain started on
// one calendar day (the day of its step-1 event in the funnel's
// location).
type DayCounts struct {
	// Day is the first instant of the day in the funnel's location.
	Day time.Time
	StepCounts
}

// ConvertTime is the time to convert to one step: for each user who
// reached it, the time from the step-1 event to the event that took a
// chain to the step, measured on the latest chain to reach that step (as
// ClickHouse's windowFunnel keeps one timestamp per level), which may be
// a later chain than the one credited for the user's level, in whole
// milliseconds. Mean is rounded half up to the
// millisecond; Median and P90 are the 0.5 and 0.9 quantiles by the R-7
// (linear interpolation) method of golang.org/x/exp/stats.Quantiles,
// computed exactly in integers and rounded half up to the millisecond:
// for the q = num/den quantile of the n sorted times v[0] ≤ … ≤ v[n−1],
// h = (n−1)·num, i = ⌊h/den⌋, r = h mod den, and the quantile is
// v[i] + r·(v[i+1] − v[i])/den. With no user all are zero.
type ConvertTime struct {
	// Step is the step, 2 to the number of steps; Users the users who
	// reached it.
	Step  int
	Users int64
	// Mean, Median and P90 are the statistics of their times.
	Mean, Median, P90 time.Duration
}

// FunnelReport is the result of a funnel over a set of users. It is a
// plain value; reports of the same users compare equal with
// reflect.DeepEqual (or testify's Equal), whatever the order of the rows
// and the merges that produced them.
type FunnelReport struct {
	// Steps is the number of steps.
	Steps int
	// Total counts every user tallied.
	Total StepCounts
	// TimeToConvert[k] is the time to convert to step k+2.
	TimeToConvert []ConvertTime
	// Sources are the counts by credited source, by ascending Source
	// ([NoSource] last), sources with no user left out; nil without a
	// breakdown.
	Sources []SourceCounts
	// Days are the counts by the day the credited chain started, by
	// ascending day, days with no user left out; users who reached no
	// step are in no day.
	Days []DayCounts
}

// Report returns the funnel's figures over the users tallied so far. It
// sorts the tally's times to convert in place (which changes nothing the
// tally reports).
func (t *FunnelTally) Report() (FunnelReport, error) {
	if err := t.ready("report"); err != nil {
		return FunnelReport{}, err
	}
	f := t.f
	r := FunnelReport{Steps: f.n, Total: counts(t.hist)}
	r.TimeToConvert = make([]ConvertTime, 0, f.n-1)
	for k := 1; k < f.n; k++ {
		d := t.ttc[k]
		t.rs = sortTimes(d, t.rs)
		r.TimeToConvert = append(r.TimeToConvert, convertTime(k+1, d))
	}
	if f.bd != NoBreakdown {
		r.Sources = []SourceCounts{}
		for b := 0; b <= f.nsrc; b++ {
			h := t.src[b*(f.n+1) : (b+1)*(f.n+1)]
			if c := counts(h); c.Users > 0 {
				s := Source(b)
				if b == f.nsrc {
					s = NoSource
				}
				r.Sources = append(r.Sources, SourceCounts{Source: s, StepCounts: c})
			}
		}
	}
	keys := make([]int64, 0, len(t.days))
	for d := range t.days {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	r.Days = make([]DayCounts, 0, len(keys))
	for _, d := range keys {
		y, m, dd := time.Unix(d*86400, 0).UTC().Date()
		r.Days = append(r.Days, DayCounts{Day: localMidnight(y, m, dd, f.loc), StepCounts: counts(t.days[d])})
	}
	return r, nil
}

// convertTime returns the statistics of the sorted times d (ms, each
// from 0 to the window, so every figure fits a Duration).
func convertTime(step int, d []int64) ConvertTime {
	c := ConvertTime{Step: step, Users: int64(len(d))}
	if len(d) == 0 {
		return c
	}
	var hi, lo uint64
	for _, v := range d {
		var carry uint64
		lo, carry = bits.Add64(lo, uint64(v), 0)
		hi += carry
	}
	n := uint64(len(d))
	q, rem := bits.Div64(hi, lo, n) // hi < n: the mean is at most the largest time
	if rem >= n-rem {
		q++
	}
	ms := time.Millisecond
	c.Mean = time.Duration(q) * ms
	c.Median = time.Duration(quantileR7(d, 1, 2)) * ms
	c.P90 = time.Duration(quantileR7(d, 9, 10)) * ms
	return c
}

// quantileR7 returns the num/den quantile of sorted (non-empty, values
// ≥ 0) by R-7, exactly, rounded half up; see [ConvertTime].
func quantileR7(sorted []int64, num, den int64) int64 {
	h := int64(len(sorted)-1) * num
	i, r := h/den, h%den
	lo := sorted[i]
	if r == 0 {
		return lo
	}
	d := uint64(sorted[i+1] - lo)
	hi, prod := bits.Mul64(uint64(r), d)
	q, rem := bits.Div64(hi, prod, uint64(den))
	if rem >= uint64(den)-rem {
		q++
	}
	return lo + int64(q)
}

// sortTimes sorts times to convert (each 0 or more) in place, by a
// least-significant-digit radix sort of 11-bit digits, as many as the
// largest needs, with tmp (grown and returned) as scratch; short runs by
// slices.Sort.
func sortTimes(d, tmp []int64) []int64 {
	if len(d) < 512 {
		slices.Sort(d)
		return tmp
	}
	top := int64(0)
	for _, v := range d {
		top = max(top, v)
	}
	if cap(tmp) < len(d) {
		tmp = make([]int64, len(d))
	}
	const digit = 11
	var cnt [1 << digit]int
	src, dst := d, tmp[:len(d)]
	odd := false
	for sh := 0; sh < bits.Len64(uint64(top)); sh += digit {
		clear(cnt[:])
		for _, v := range src {
			cnt[v>>sh&(1<<digit-1)]++
		}
		acc := 0
		for b, c := range cnt {
			cnt[b] = acc
			acc += c
		}
		for _, v := range src {
			b := v >> sh & (1<<digit - 1)
			dst[cnt[b]] = v
			cnt[b]++
		}
		src, dst = dst, src
		odd = !odd
	}
	if odd {
		copy(d, src)
	}
	return tmp
}
