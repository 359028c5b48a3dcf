package live

import (
	"fmt"
	"maps"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Segment is a named set of viewer IDs whose figures a [Tally] keeps apart
// from everyone else's: the members of a group chat, the holders of a
// coupon, any set the caller defines. It includes members who never enter
// the room, so the share that entered can be reported.
//
// A Segment is immutable once built and safe to share between goroutines
// and tallies; looking a viewer up allocates nothing. Build one with
// [NewSegment]; a nil *Segment is the empty segment with no name.
type Segment struct {
	name    string
	members map[string]struct{}
}

// NewSegment returns the segment called name of the given members. The
// name and every member must be valid identifiers; a member listed twice
// counts once.
func NewSegment(name string, members []string) (*Segment, error) {
	if err := checkID("segment: name", name); err != nil {
		return nil, err
	}
	s := &Segment{name: name, members: make(map[string]struct{}, len(members))}
	for i, m := range members {
		if err := checkID(fmt.Sprintf("segment %q: member %d", name, i), m); err != nil {
			return nil, err
		}
		s.members[m] = struct{}{}
	}
	return s, nil
}

// Name returns the segment's name.
func (s *Segment) Name() string {
	if s == nil {
		return ""
	}
	return s.name
}

// Len returns the number of distinct members.
func (s *Segment) Len() int {
	if s == nil {
		return 0
	}
	return len(s.members)
}

// Contains reports whether viewer is a member.
func (s *Segment) Contains(viewer string) bool { return s.has(viewer) }

func (s *Segment) has(viewer string) bool {
	if s == nil {
		return false
	}
	_, ok := s.members[viewer]
	return ok
}

// Equal reports whether s and o have the same name and members. Two nil
// segments are equal.
func (s *Segment) Equal(o *Segment) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s == o || s.name == o.name && maps.Equal(s.members, o.members)
}

// Lift compares a segment's viewers with everyone else's, as the beauty
// brand of DOMAIN.md compared its group members with other viewers: the
// share of members who entered, and their watch time, conversion and share
// of orders against the rest. Segment and Rest are the [Counts] of the
// segment's viewers and of all other viewers; they sum to the session's.
type Lift struct {
	// Name is the segment's name.
	Name string
	// Members is the segment's size, members who never entered included.
	Members int64
	// Segment counts the viewers who are members; Rest everyone else.
	Segment, Rest Counts
}

// Equal reports whether l and o hold the same figures.
func (l Lift) Equal(o Lift) bool {
	return l.Name == o.Name && l.Members == o.Members && l.Segment.Equal(o.Segment) && l.Rest.Equal(o.Rest)
}

// EnteredShare (the group-entry rate) returns Segment.Viewers / Members:
// the share of the segment that entered the room at least once.
func (l Lift) EnteredShare() (commerce.Ratio, error) {
	return countRatio("lift: entered share", l.Segment.Viewers, l.Members)
}

// WatchRatio returns the segment's mean watch time over the rest's:
// (Segment.WatchMillis / Segment.Viewers) / (Rest.WatchMillis / Rest.Viewers),
// computed exactly as (Segment.WatchMillis × Rest.Viewers) /
// (Rest.WatchMillis × Segment.Viewers). A zero denominator is
// [commerce.ErrDivisionByZero]; a ratio whose lowest terms do not fit int64
// is [commerce.ErrOverflow].
func (l Lift) WatchRatio() (commerce.Ratio, error) {
	return productRatio("lift: watch ratio", l.Segment.WatchMillis, l.Rest.Viewers, l.Rest.WatchMillis, l.Segment.Viewers)
}

// ConversionRatio returns the segment's conversion over the rest's, each
// paying viewers / viewers: (Segment.Sales.Buyers × Rest.Viewers) /
// (Rest.Sales.Buyers × Segment.Viewers), exact.
func (l Lift) ConversionRatio() (commerce.Ratio, error) {
	return productRatio("lift: conversion ratio", l.Segment.Sales.Buyers, l.Rest.Viewers, l.Rest.Sales.Buyers, l.Segment.Viewers)
}

// OrderShare returns the segment's share of the session's orders:
// Segment.Sales.Orders / (Segment.Sales.Orders + Rest.Sales.Orders).
func (l Lift) OrderShare() (commerce.Ratio, error) {
	all, ok := add64(l.Segment.Sales.Orders, l.Rest.Sales.Orders)
	if !ok {
		return commerce.Ratio{}, fmt.Errorf("live: lift: order share: %w", commerce.ErrOverflow)
	}
	return countRatio("lift: order share", l.Segment.Sales.Orders, all)
}

// GMVShare returns the segment's share of the session's GMV, in minor
// units: Segment.Sales.GMV / (Segment.Sales.GMV + Rest.Sales.GMV).
func (l Lift) GMVShare() (commerce.Ratio, error) {
	all, err := l.Segment.Sales.GMV.Add(l.Rest.Sales.GMV)
	if err != nil {
		return commerce.Ratio{}, fmt.Errorf("live: lift: GMV share: %w", err)
	}
	return countRatio("lift: GMV share", l.Segment.Sales.GMV.Units(), all.Units())
}
