package matrix

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"
)

// The JSON form of a plan; field order is fixed by these structs.
type (
	planJSON struct {
		Location   string           `json:"location"`
		Deliveries []deliveryJSON   `json:"deliveries"`
		Suppressed []suppressedJSON `json:"suppressed"`
		Conflicts  []conflictJSON   `json:"conflicts"`
	}
	deliveryJSON struct {
		Announcement  string `json:"announcement"`
		Kind          string `json:"kind"`
		Account       string `json:"account"`
		Campaign      string `json:"campaign,omitempty"`
		Group         string `json:"group,omitempty"`
		Person        string `json:"person,omitempty"`
		At            string `json:"at"`
		Transactional bool   `json:"transactional,omitempty"`
		Reached       int    `json:"reached"`
		New           int    `json:"new"`
		Unverified    int    `json:"unverified,omitempty"`
	}
	suppressedJSON struct {
		Announcement string      `json:"announcement"`
		Group        string      `json:"group,omitempty"`
		Person       string      `json:"person,omitempty"`
		At           string      `json:"at"`
		Cause        string      `json:"cause"`
		Cap          string      `json:"cap,omitempty"`
		Source       string      `json:"source,omitempty"`
		Level        string      `json:"level,omitempty"`
		Subject      string      `json:"subject,omitempty"`
		Window       *windowJSON `json:"window,omitempty"`
		Count        int         `json:"count,omitempty"`
		Limit        int         `json:"limit,omitempty"`
		Other        string      `json:"other,omitempty"`
	}
	windowJSON struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	conflictJSON struct {
		Kind    string `json:"kind"`
		Account string `json:"account"`
		First   string `json:"first"`
		Second  string `json:"second"`
		At      string `json:"at"`
	}
)

// planTime writes an instant in RFC 3339 with nanoseconds when it has
// them, in loc.
func planTime(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339Nano) }

// MarshalJSON writes the plan as JSON with a fixed field order, stable for
// golden tests: the location's name, then the deliveries, the
// suppressions (cause, the cap with its source and level, the subject, the window
// [from, to), the count and the limit) and the conflicts, each in the
// order of its accessor, times in RFC 3339 in the plan's location. Empty
// fields are left out. A nil plan is null.
func (p *Plan) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	out := planJSON{
		Location:   p.loc.String(),
		Deliveries: make([]deliveryJSON, len(p.deliveries)),
		Suppressed: make([]suppressedJSON, len(p.suppressed)),
		Conflicts:  make([]conflictJSON, len(p.conflicts)),
	}
	for i, d := range p.deliveries {
		out.Deliveries[i] = deliveryJSON{Announcement: d.Announcement, Kind: string(d.Kind), Account: d.Account,
			Campaign: d.Campaign, Group: d.Group, Person: d.Person, At: planTime(d.At, p.loc),
			Transactional: d.Transactional, Reached: d.Reached, New: d.New, Unverified: d.Unverified}
	}
	for i, s := range p.suppressed {
		sj := suppressedJSON{Announcement: s.Announcement, Group: s.Group, Person: s.Person,
			At: planTime(s.At, p.loc), Cause: s.Cause.String(), Cap: s.Cap, Subject: s.Subject,
			Count: s.Count, Limit: s.Limit, Other: s.Other}
		if s.Level != 0 {
			sj.Level = s.Level.String()
		}
		if i, ok := slices.BinarySearchFunc(p.caps, s.Cap, func(c Cap, id string) int { return cmp.Compare(c.ID, id) }); ok && s.Cap != "" {
			sj.Source = p.caps[i].Source
		}
		if s.Cause == CauseCap {
			sj.Window = &windowJSON{From: planTime(s.From, p.loc), To: planTime(s.To, p.loc)}
		}
		out.Suppressed[i] = sj
	}
	for i, c := range p.conflicts {
		out.Conflicts[i] = conflictJSON{Kind: c.Kind.String(), Account: c.Account, First: c.First,
			Second: c.Second, At: planTime(c.At, p.loc)}
	}
	return json.MarshalIndent(out, "", "  ")
}
