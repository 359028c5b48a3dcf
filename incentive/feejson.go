package incentive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// The JSON form of fee-side plans is the programmes' (see
// [ParseProgramme]):
//
//   - keys are lower-case kebab-case ASCII; an unknown key, a key given
//     twice (or in another case) and anything after the plan are errors;
//   - amounts are text in the form of [commerce.ParseMoney], written
//     "CNY 1000000.00" (ISO code, a space, every minor digit), in the
//     plan's currency ([CodeCurrency] otherwise);
//   - rates are text in the form of [commerce.ParseRate], written as
//     percentages, "0.6%";
//   - instants are RFC 3339 text, written in the plan's zone;
//   - the zone is a name that [Zone] compiles in, "Asia/Shanghai" or
//     "UTC", as a programme's is;
//   - the effective period is {"from", "to"}, a programme's; allowance
//     and rebate windows add their kind and days.

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
	KeepLowerRate bool           `json:"keep-lower-rate,omitempty"`
	Cap           string         `json:"cap,omitempty"`
	Scope         string         `json:"scope,omitempty"`
	Window        *feeWindowJSON `json:"window,omitempty"`
}

type feePlanJSON struct {
	ID         string             `json:"id"`
	Version    string             `json:"version"`
	Source     string             `json:"source"`
	Effective  periodJSON         `json:"effective"`
	Zone       string             `json:"zone"`
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
	Effective periodJSON     `json:"effective"`
	Zone      string         `json:"zone"`
	Currency  string         `json:"currency"`
	Threshold string         `json:"threshold"`
	Window    *feeWindowJSON `json:"window,omitempty"`
	Rounding  string         `json:"rounding"`
}

// MarshalJSON writes the plan in its JSON form (see [ParseFeePlan]),
// fields in a fixed order, without HTML escapes: the same plan gives the
// same bytes. A location that [Zone] does not compile in under its name,
// or an amount in another currency, is an error.
func (p FeePlan) MarshalJSON() ([]byte, error) {
	zone, err := feeZoneName(p.Location, p.Effective.From)
	if err != nil {
		return nil, err
	}
	w := feePlanJSON{
		ID: p.ID, Version: p.Version, Source: p.Source,
		Effective: feePeriodOut(p.Effective, p.Location),
		Zone:      zone, Currency: p.Currency.Code(),
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
			aw.Cap = a.Cap.String()
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
	return feeEncode(w)
}

// MarshalJSON writes the plan in its JSON form, as [FeePlan.MarshalJSON]
// does; [ParseRebatePlan] reads it back.
func (p RebatePlan) MarshalJSON() ([]byte, error) {
	zone, err := feeZoneName(p.Location, p.Effective.From)
	if err != nil {
		return nil, err
	}
	w := rebatePlanJSON{
		ID: p.ID, Version: p.Version, Source: p.Source,
		Effective: feePeriodOut(p.Effective, p.Location),
		Zone:      zone, Currency: p.Currency.Code(),
		Threshold: p.Threshold.String(), Rounding: p.Rounding.String(),
	}
	if p.Window.Kind != 0 {
		ww := feeWindowOut(p.Window, p.Location)
		w.Window = &ww
	}
	return feeEncode(w)
}

// feeEncode encodes v compactly without HTML escapes, as
// [Programme.MarshalJSON] does.
func feeEncode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// ParseFeePlan reads a plan in the JSON form [FeePlan.MarshalJSON]
// writes, the form of a programme's JSON: kebab-case keys, amounts such
// as "CNY 1000000.00", rates such as "0.6%", RFC 3339 instants and a
// compiled-in zone name (see [Zone]). Malformed JSON, an unknown field, a
// key given twice or in another case ("ID" for "id"), data after the plan
// (even a lone "}" or "]") or a value that does not read is a
// *[ProgrammeError] with [CodeMalformed] (or [CodeMissing], or
// [CodeCurrency] for an amount in another currency) and the path of the
// field. It does not validate the plan: [CompileFeePlan] does.
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
	if p.Location, p.Currency, pe = feeParseHead(w.Zone, w.Currency); pe != nil {
		return fail(pe)
	}
	if p.Effective, pe = feePeriodIn("effective", w.Effective, p.Location); pe != nil {
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
			m, err := commerce.ParseMoney(aw.Cap)
			switch {
			case err != nil:
				return fail(progErr(CodeMalformed, path+".cap", "%v", err))
			case m.Currency() != p.Currency:
				return fail(progErr(CodeCurrency, path+".cap", "%v is not in the plan's %v", m, p.Currency))
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
	if p.Location, p.Currency, pe = feeParseHead(w.Zone, w.Currency); pe != nil {
		return fail(pe)
	}
	if p.Effective, pe = feePeriodIn("effective", w.Effective, p.Location); pe != nil {
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

// feeDecode decodes one JSON value strictly into v: before decoding, the
// programmes' token walk (strictJSON, kebab-case) refuses a key given
// twice in one object, a key that is not lower-case kebab-case ASCII
// (encoding/json would match "ID" to "id"), nesting deeper than
// maxJSONDepth and anything after the value but white space (a stray "}"
// or "]" included).
func feeDecode(data []byte, v any) *ProgrammeError {
	if path, err := strictJSON(data, '-', "plan"); err != nil {
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

func feeParseHead(zone, cur string) (*time.Location, commerce.Currency, *ProgrammeError) {
	if zone == "" {
		return nil, 0, progErr(CodeMissing, "zone", "required")
	}
	l, err := Zone(zone)
	if err != nil {
		return nil, 0, progErr(CodeMalformed, "zone", "%q is not a compiled-in zone (Asia/Shanghai, UTC)", zone)
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

// feeZoneName names loc in the JSON form: the name of a zone [Zone]
// compiles in, with the same offset at t.
func feeZoneName(loc *time.Location, t time.Time) (string, error) {
	if loc == nil {
		return "", fieldErr("fee plan: zone", "nil location")
	}
	name := loc.String()
	back, err := Zone(name)
	if err != nil {
		return "", &commerce.FieldError{Field: "fee plan: zone", Err: err}
	}
	_, a := t.In(loc).Zone()
	_, b := t.In(back).Zone()
	if a != b {
		return "", fieldErr("fee plan: zone", "%q is at UTC%+ds here, but the compiled-in zone of that name is at UTC%+ds", name, a, b)
	}
	return name, nil
}

// feePeriodOut writes an effective period as a programme's.
func feePeriodOut(w FeeWindow, loc *time.Location) periodJSON {
	return periodJSON{From: instant(w.From, loc), To: instant(w.To, loc)}
}

// feeWindowOut writes a window, its instants in loc.
func feeWindowOut(w FeeWindow, loc *time.Location) feeWindowJSON {
	return feeWindowJSON{Kind: w.Kind.String(), Days: w.Days, From: instant(w.From, loc), To: instant(w.To, loc)}
}

// feePeriodIn reads an effective period, a FixedPeriod window.
func feePeriodIn(path string, w periodJSON, loc *time.Location) (FeeWindow, *ProgrammeError) {
	out := FeeWindow{Kind: FixedPeriod}
	var pe *ProgrammeError
	if out.From, pe = feeTimeIn(path+".from", w.From, loc); pe != nil {
		return FeeWindow{}, pe
	}
	if out.To, pe = feeTimeIn(path+".to", w.To, loc); pe != nil {
		return FeeWindow{}, pe
	}
	return out, nil
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

// feeTimeIn reads an RFC 3339 instant, "" for the zero time.
func feeTimeIn(path, s string, loc *time.Location) (time.Time, *ProgrammeError) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, progErr(CodeMalformed, path, "%q is not an RFC 3339 instant", s)
	}
	return t.In(loc), nil
}
