package incentive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// The JSON form of fee-side plans. Rates are strings such as "0.6%",
// amounts strings in the plan's currency such as "1000000.00", times
// either a date ("2025-09-01", midnight in the plan's location) or RFC
// 3339, and the location a fixed zone: "Asia/Shanghai" (UTC+8), "UTC" or
// "UTC+08:00". Keys are lower-case snake_case ASCII; an unknown key, a
// key given twice and anything after the plan are errors.

type feeWindowJSON struct {
	Kind string `json:"kind"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	Days int    `json:"days,omitempty"`
}

type feeCategoryJSON struct {
	Category string `json:"category"`
	Rate     string `json:"rate"`
}

type feeTableJSON struct {
	Categories []feeCategoryJSON `json:"categories"`
	Default    *string           `json:"default,omitempty"`
}

type feeAllowanceWire struct {
	ID            string         `json:"id"`
	Rate          string         `json:"rate"`
	KeepLowerRate bool           `json:"keep_lower_rate,omitempty"`
	Cap           string         `json:"cap,omitempty"`
	Scope         string         `json:"scope,omitempty"`
	Window        *feeWindowJSON `json:"window,omitempty"`
}

type feePlanJSON struct {
	ID         string             `json:"id"`
	Version    string             `json:"version"`
	Source     string             `json:"source"`
	Effective  feeWindowJSON      `json:"effective"`
	Location   string             `json:"location"`
	Currency   string             `json:"currency"`
	Base       string             `json:"base"`
	Rounding   string             `json:"rounding"`
	Table      feeTableJSON       `json:"table"`
	Allowances []feeAllowanceWire `json:"allowances,omitempty"`
}

type rebatePlanJSON struct {
	ID        string         `json:"id"`
	Version   string         `json:"version"`
	Source    string         `json:"source"`
	Effective feeWindowJSON  `json:"effective"`
	Location  string         `json:"location"`
	Currency  string         `json:"currency"`
	Threshold string         `json:"threshold"`
	Window    *feeWindowJSON `json:"window,omitempty"`
	Rounding  string         `json:"rounding"`
}

// MarshalJSON writes the plan in its JSON form, fields in a fixed order,
// two-space indented with a final newline; [ParseFeePlan] reads it back.
// A location that is not a fixed zone named as the JSON form names it,
// or a cap in another currency, is an error.
func (p FeePlan) MarshalJSON() ([]byte, error) {
	locName, err := feeLocationName(p.Location, p.Effective.From)
	if err != nil {
		return nil, err
	}
	w := feePlanJSON{
		ID: p.ID, Version: p.Version, Source: p.Source,
		Effective: feeWindowOut(p.Effective, p.Location),
		Location:  locName, Currency: p.Currency.Code(),
		Base: p.Base.String(), Rounding: p.Rounding.String(),
		Table: feeTableJSON{Categories: []feeCategoryJSON{}},
	}
	for _, c := range p.Table.Categories {
		w.Table.Categories = append(w.Table.Categories, feeCategoryJSON{c.Category, c.Rate.String()})
	}
	if p.Table.HasDefault {
		d := p.Table.Default.String()
		w.Table.Default = &d
	}
	for _, a := range p.Allowances {
		aw := feeAllowanceWire{ID: a.ID, Rate: a.Rate.String(), KeepLowerRate: a.KeepLowerRate}
		if a.Cap != (commerce.Money{}) {
			if a.Cap.Currency() != p.Currency {
				return nil, &commerce.FieldError{Field: "fee plan: allowance " + a.ID + ": cap", Err: &commerce.MismatchError{A: p.Currency, B: a.Cap.Currency()}}
			}
			aw.Cap = strings.TrimPrefix(a.Cap.String(), p.Currency.Code()+" ")
		}
		if a.Scope != 0 {
			aw.Scope = a.Scope.String()
		}
		if a.Window.Kind != 0 {
			ww := feeWindowOut(a.Window, p.Location)
			aw.Window = &ww
		}
		w.Allowances = append(w.Allowances, aw)
	}
	return feeIndent(w)
}

// MarshalJSON writes the plan in its JSON form, as [FeePlan.MarshalJSON]
// does; [ParseRebatePlan] reads it back.
func (p RebatePlan) MarshalJSON() ([]byte, error) {
	locName, err := feeLocationName(p.Location, p.Effective.From)
	if err != nil {
		return nil, err
	}
	w := rebatePlanJSON{
		ID: p.ID, Version: p.Version, Source: p.Source,
		Effective: feeWindowOut(p.Effective, p.Location),
		Location:  locName, Currency: p.Currency.Code(),
		Threshold: p.Threshold.String(), Rounding: p.Rounding.String(),
	}
	if p.Window.Kind != 0 {
		ww := feeWindowOut(p.Window, p.Location)
		w.Window = &ww
	}
	return feeIndent(w)
}

func feeIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseFeePlan reads a plan in the JSON form [FeePlan.MarshalJSON]
// writes. Malformed JSON, an unknown field, a key given twice or in
// another case ("ID" for "id"), data after the plan (even a lone "}" or
// "]") or a value that does not read is a *[ProgrammeError] with
// [CodeMalformed] (or [CodeMissing]) and the path of the field. It does
// not validate the plan: [CompileFeePlan] does.
func ParseFeePlan(data []byte) (FeePlan, error) {
	var w feePlanJSON
	if pe := feeDecode(data, &w); pe != nil {
		return FeePlan{}, pe
	}
	p := FeePlan{ID: w.ID, Version: w.Version, Source: w.Source}
	fail := func(pe *ProgrammeError) (FeePlan, error) {
		pe.Programme, pe.Version = w.ID, w.Version
		return FeePlan{}, pe
	}
	var pe *ProgrammeError
	if p.Location, p.Currency, pe = feeParseHead(w.Location, w.Currency); pe != nil {
		return fail(pe)
	}
	if p.Effective, pe = feeWindowIn("effective", w.Effective, p.Location); pe != nil {
		return fail(pe)
	}
	if p.Base, pe = feeParseName[FeeBase]("base", w.Base, feeBaseNames[:]); pe != nil {
		return fail(pe)
	}
	if p.Rounding, pe = feeParseRounding(w.Rounding); pe != nil {
		return fail(pe)
	}
	for i, c := range w.Table.Categories {
		r, pe := feeParseRate(fmt.Sprintf("table.categories[%d].rate", i), c.Rate)
		if pe != nil {
			return fail(pe)
		}
		p.Table.Categories = append(p.Table.Categories, CategoryRate{Category: c.Category, Rate: r})
	}
	if w.Table.Default != nil {
		if p.Table.Default, pe = feeParseRate("table.default", *w.Table.Default); pe != nil {
			return fail(pe)
		}
		p.Table.HasDefault = true
	}
	for i, aw := range w.Allowances {
		path := fmt.Sprintf("allowances[%d]", i)
		a := FeeAllowance{ID: aw.ID, KeepLowerRate: aw.KeepLowerRate}
		if a.Rate, pe = feeParseRate(path+".rate", aw.Rate); pe != nil {
			return fail(pe)
		}
		if aw.Cap != "" {
			m, err := commerce.ParseAmount(aw.Cap, p.Currency)
			if err != nil {
				return fail(progErr(CodeMalformed, path+".cap", "%v", err))
			}
			a.Cap = m
		}
		if aw.Scope != "" {
			if a.Scope, pe = feeParseName[CapScope](path+".scope", aw.Scope, capScopeNames[:]); pe != nil {
				return fail(pe)
			}
		}
		if aw.Window != nil {
			if a.Window, pe = feeWindowIn(path+".window", *aw.Window, p.Location); pe != nil {
				return fail(pe)
			}
		}
		p.Allowances = append(p.Allowances, a)
	}
	return p, nil
}

// UnmarshalJSON reads the JSON form, as [ParseFeePlan] does.
func (p *FeePlan) UnmarshalJSON(b []byte) error {
	v, err := ParseFeePlan(b)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParseRebatePlan reads a rebate plan in the JSON form
// [RebatePlan.MarshalJSON] writes, with errors as for [ParseFeePlan].
func ParseRebatePlan(data []byte) (RebatePlan, error) {
	var w rebatePlanJSON
	if pe := feeDecode(data, &w); pe != nil {
		return RebatePlan{}, pe
	}
	p := RebatePlan{ID: w.ID, Version: w.Version, Source: w.Source}
	fail := func(pe *ProgrammeError) (RebatePlan, error) {
		pe.Programme, pe.Version = w.ID, w.Version
		return RebatePlan{}, pe
	}
	var pe *ProgrammeError
	if p.Location, p.Currency, pe = feeParseHead(w.Location, w.Currency); pe != nil {
		return fail(pe)
	}
	if p.Effective, pe = feeWindowIn("effective", w.Effective, p.Location); pe != nil {
		return fail(pe)
	}
	if p.Threshold, pe = feeParseRate("threshold", w.Threshold); pe != nil {
		return fail(pe)
	}
	if p.Rounding, pe = feeParseRounding(w.Rounding); pe != nil {
		return fail(pe)
	}
	if w.Window != nil {
		if p.Window, pe = feeWindowIn("window", *w.Window, p.Location); pe != nil {
			return fail(pe)
		}
	}
	return p, nil
}

// UnmarshalJSON reads the JSON form, as [ParseRebatePlan] does.
func (p *RebatePlan) UnmarshalJSON(b []byte) error {
	v, err := ParseRebatePlan(b)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// feeDecode decodes one JSON value strictly into v: before decoding, a
// token walk refuses a key given twice in one object, a key that is not
// lower-case snake_case ASCII (encoding/json would match "ID" to "id"),
// nesting deeper than maxJSONDepth and anything after the value but white
// space (a stray "}" or "]" included).
func feeDecode(data []byte, v any) *ProgrammeError {
	if path, err := strictJSON(data, '_', "plan"); err != nil {
		return progErr(CodeMalformed, path, "json: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		path := ""
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			path = te.Field
		}
		return progErr(CodeMalformed, path, "%v", err)
	}
	return nil
}

func feeParseHead(loc, cur string) (*time.Location, commerce.Currency, *ProgrammeError) {
	if loc == "" {
		return nil, 0, progErr(CodeMissing, "location", "required")
	}
	l, err := feeParseLocation(loc)
	if err != nil {
		return nil, 0, progErr(CodeMalformed, "location", "%v", err)
	}
	if cur == "" {
		return nil, 0, progErr(CodeMissing, "currency", "required")
	}
	c, err := commerce.ParseCurrency(cur)
	if err != nil {
		return nil, 0, progErr(CodeMalformed, "currency", "%v", err)
	}
	return l, c, nil
}

func feeParseRate(path, s string) (commerce.Rate, *ProgrammeError) {
	if s == "" {
		return commerce.Rate{}, progErr(CodeMissing, path, "required")
	}
	r, err := commerce.ParseRate(s)
	if err != nil {
		return commerce.Rate{}, progErr(CodeMalformed, path, "%v", err)
	}
	return r, nil
}

// feeParseName returns the index of s in names (names[0] is the zero
// value's "").
func feeParseName[T ~uint8](path, s string, names []string) (T, *ProgrammeError) {
	if s == "" {
		return 0, progErr(CodeMissing, path, "required")
	}
	for i, n := range names {
		if i > 0 && n == s {
			return T(i), nil
		}
	}
	return 0, progErr(CodeMalformed, path, "%q is not one of %s", s, strings.Join(names[1:], ", "))
}

func feeParseRounding(s string) (commerce.RoundingMode, *ProgrammeError) {
	if s == "" {
		return 0, progErr(CodeMissing, "rounding", "required")
	}
	for m := commerce.RoundingMode(1); m.Valid(); m++ {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, progErr(CodeMalformed, "rounding", "%q is not a rounding mode", s)
}

// feeParseLocation reads a fixed zone: "Asia/Shanghai" (UTC+8, which
// has had no daylight saving since 1991), "UTC", or "UTC±hh:mm".
func feeParseLocation(s string) (*time.Location, error) {
	switch s {
	case "Asia/Shanghai":
		return time.FixedZone("Asia/Shanghai", 8*3600), nil
	case "UTC":
		return time.UTC, nil
	}
	rest, ok := strings.CutPrefix(s, "UTC")
	if ok && len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' {
		h, err1 := strconv.Atoi(rest[1:3])
		m, err2 := strconv.Atoi(rest[4:6])
		if err1 == nil && err2 == nil && h <= 14 && m < 60 {
			off := h*3600 + m*60
			if rest[0] == '-' {
				off = -off
			}
			return time.FixedZone(s, off), nil
		}
	}
	return nil, fmt.Errorf("location %q: want Asia/Shanghai, UTC or UTC±hh:mm", s)
}

// feeLocationName names loc in the JSON form, checking that the name
// reads back to the same offset at t.
func feeLocationName(loc *time.Location, t time.Time) (string, error) {
	if loc == nil {
		return "", fieldErr("fee plan: location", "nil")
	}
	name := loc.String()
	back, err := feeParseLocation(name)
	if err != nil {
		return "", &commerce.FieldError{Field: "fee plan: location", Err: err}
	}
	_, a := t.In(loc).Zone()
	_, b := t.In(back).Zone()
	if a != b {
		return "", fieldErr("fee plan: location", "%q is at UTC%+ds here, but its JSON name reads as UTC%+ds", name, a, b)
	}
	return name, nil
}

// feeWindowOut writes a window; times at midnight in loc as dates.
func feeWindowOut(w FeeWindow, loc *time.Location) feeWindowJSON {
	out := feeWindowJSON{Kind: w.Kind.String(), Days: w.Days}
	out.From, out.To = feeTimeOut(w.From, loc), feeTimeOut(w.To, loc)
	return out
}

func feeTimeOut(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

func feeWindowIn(path string, w feeWindowJSON, loc *time.Location) (FeeWindow, *ProgrammeError) {
	kind, pe := feeParseName[FeeWindowKind](path+".kind", w.Kind, feeWindowKindNames[:])
	if pe != nil {
		return FeeWindow{}, pe
	}
	out := FeeWindow{Kind: kind, Days: w.Days}
	if out.From, pe = feeTimeIn(path+".from", w.From, loc); pe != nil {
		return FeeWindow{}, pe
	}
	if out.To, pe = feeTimeIn(path+".to", w.To, loc); pe != nil {
		return FeeWindow{}, pe
	}
	return out, nil
}

func feeTimeIn(path, s string, loc *time.Location) (time.Time, *ProgrammeError) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, progErr(CodeMalformed, path, "%q is neither a date (2006-01-02) nor RFC 3339", s)
	}
	return t.In(loc), nil
}
