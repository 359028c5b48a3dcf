package incentive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// The JSON form of a programme, written by [Programme.MarshalJSON] and read
// by [ParseProgramme]:
//
//   - keys are lower-case kebab-case ASCII; a key the form does not define,
//     a key given twice and anything after the programme are errors;
//   - amounts are text in the form of [commerce.ParseMoney], written
//     "CNY 1000000.00" (ISO code, a space, every minor digit);
//   - rates are text in the form of [commerce.ParseRate], written as
//     percentages, "100%" or "0.6%"; other thresholds (scores, counts) are
//     plain decimals such as "4.2";
//   - instants are RFC 3339 text, written in the programme's zone;
//     calendar dates are "YYYY-MM-DD";
//   - kinds and other enumerations are their String names;
//   - calendars are declared once at the top ("calendars") and windows
//     name them by ID.
type programmeJSON struct {
	ID        string         `json:"id"`
	Version   string         `json:"version"`
	Title     string         `json:"title,omitempty"`
	Platform  string         `json:"platform,omitempty"`
	Source    sourceJSON     `json:"source"`
	Effective periodJSON     `json:"effective"`
	Recorded  string         `json:"recorded"`
	Zone      string         `json:"zone"`
	Currency  string         `json:"currency"`
	Rounding  string         `json:"rounding"`
	Calendars []calendarJSON `json:"calendars,omitempty"`
	Rules     []ruleJSON     `json:"rules"`
	Stacking  []groupJSON    `json:"stacking,omitempty"`
}

type sourceJSON struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
	Note string `json:"note,omitempty"`
}

type periodJSON struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

type calendarJSON struct {
	ID       string   `json:"id"`
	Source   string   `json:"source,omitempty"`
	Holidays []string `json:"holidays,omitempty"`
	Workdays []string `json:"workdays,omitempty"`
}

type windowJSON struct {
	Kind     string `json:"kind"`
	Days     int    `json:"days,omitempty"`
	Lag      int    `json:"lag,omitempty"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Calendar string `json:"calendar,omitempty"`
}

type predicateJSON struct {
	Kind       string          `json:"kind"`
	Fact       string          `json:"fact,omitempty"`
	Amount     string          `json:"amount,omitempty"`
	Value      string          `json:"value,omitempty"`
	OrUnknown  bool            `json:"or-unknown,omitempty"`
	Days       int             `json:"days,omitempty"`
	Categories []string        `json:"categories,omitempty"`
	Rate       string          `json:"rate,omitempty"`
	MinOrders  int64           `json:"min-orders,omitempty"`
	Of         []predicateJSON `json:"of,omitempty"`
}

type awardJSON struct {
	Kind    string `json:"kind"`
	Amount  string `json:"amount,omitempty"`
	Views   int64  `json:"views,omitempty"`
	Count   int64  `json:"count,omitempty"`
	FeePlan string `json:"fee-plan,omitempty"`
	Rate    string `json:"rate,omitempty"`
	Note    string `json:"note,omitempty"`
}

type tierJSON struct {
	From  string    `json:"from,omitempty"`
	To    string    `json:"to,omitempty"`
	Award awardJSON `json:"award"`
}

type milestoneJSON struct {
	Threshold string    `json:"threshold"`
	Award     awardJSON `json:"award"`
}

type rankingJSON struct {
	Top      int      `json:"top"`
	TieBreak []string `json:"tie-break"`
}

type baselineJSON struct {
	Prior        periodJSON `json:"prior"`
	MinIncrement string     `json:"min-increment,omitempty"`
}

type minimumJSON struct {
	Metric string `json:"metric"`
	Amount string `json:"amount,omitempty"`
	Count  int64  `json:"count,omitempty"`
}

type capJSON struct {
	Entity string `json:"entity"`
	Period string `json:"period,omitempty"`
	Amount string `json:"amount,omitempty"`
	Count  int64  `json:"count,omitempty"`
}

type ruleJSON struct {
	ID          string          `json:"id"`
	Note        string          `json:"note,omitempty"`
	Beneficiary string          `json:"beneficiary"`
	Per         string          `json:"per"`
	Eligibility []predicateJSON `json:"eligibility,omitempty"`
	Anchor      string          `json:"anchor,omitempty"`
	Window      *windowJSON     `json:"window,omitempty"`
	Payout      *windowJSON     `json:"payout,omitempty"`
	Metric      string          `json:"metric,omitempty"`
	Award       *awardJSON      `json:"award,omitempty"`
	Tiers       []tierJSON      `json:"tiers,omitempty"`
	Milestones  []milestoneJSON `json:"milestones,omitempty"`
	Ranking     *rankingJSON    `json:"ranking,omitempty"`
	Baseline    *baselineJSON   `json:"baseline,omitempty"`
	Minimums    []minimumJSON   `json:"minimums,omitempty"`
	Caps        []capJSON       `json:"caps,omitempty"`
	Priority    int             `json:"priority,omitempty"`
	Excludes    []string        `json:"excludes,omitempty"`
}

type groupJSON struct {
	ID            string   `json:"id"`
	Mode          string   `json:"mode"`
	Rules         []string `json:"rules"`
	MaxApplicable int      `json:"max-applicable,omitempty"`
}

// maxJSONDepth bounds the nesting of a programme's JSON.
const maxJSONDepth = 32

// ParseProgramme reads a programme from its JSON form (see
// [Programme.MarshalJSON]) and validates it. Text that is not that form
// (unknown or repeated keys, trailing data, a value that does not parse)
// is a *[ProgrammeError] with [CodeMalformed] and the path of the bad
// element; a programme that reads but does not validate is the
// *[ProgrammeError] of [Programme.Validate]. Both match
// [ErrInvalidProgramme].
func ParseProgramme(data []byte) (Programme, error) {
	if path, err := strictJSON(data, '-', "programme"); err != nil {
		if path != "" {
			path = "." + path
		}
		return Programme{}, &ProgrammeError{Code: CodeMalformed, Reason: fmt.Sprintf("json: %s: %v", path, err)}
	}
	var w programmeJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return Programme{}, &ProgrammeError{Code: CodeMalformed, Reason: "json: " + err.Error()}
	}
	p, pe := w.programme()
	if pe != nil {
		pe.Programme, pe.Version = w.ID, w.Version
		return Programme{}, pe
	}
	if err := p.Validate(); err != nil {
		return Programme{}, err
	}
	return p, nil
}

// MustParseProgramme is like [ParseProgramme] but panics on error. It is
// for constants and tests.
func MustParseProgramme(data []byte) Programme {
	p, err := ParseProgramme(data)
	if err != nil {
		panic(err)
	}
	return p
}

// UnmarshalJSON is [ParseProgramme] for encoding/json. On error p is
// unchanged.
func (p *Programme) UnmarshalJSON(data []byte) error {
	v, err := ParseProgramme(data)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalJSON writes the canonical JSON form of a valid programme: fields
// in a fixed order, zero fields left out, amounts, rates and instants as
// text (see [ParseProgramme]); parsing it back gives an equal programme.
// A programme that does not validate is its *[ProgrammeError].
func (p Programme) MarshalJSON() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	loc, _ := Zone(p.Zone)
	w := programmeJSON{
		ID: p.ID, Version: p.Version, Title: p.Title, Platform: p.Platform,
		Source:    sourceJSON{Kind: p.Source.Kind.String(), Ref: p.Source.Ref, Note: p.Source.Note},
		Effective: periodJSON{From: instant(p.Effective.From, loc), To: instant(p.Effective.To, loc)},
		Recorded:  instant(p.Recorded, loc),
		Zone:      p.Zone, Currency: p.Currency.Code(), Rounding: p.Rounding.String(),
	}
	calendars := make(map[string]bool)
	for _, r := range p.Rules {
		for _, win := range [...]Window{r.Window, r.Payout} {
			if win.Kind == BusinessDays && !calendars[win.Calendar.ID] {
				calendars[win.Calendar.ID] = true
				w.Calendars = append(w.Calendars, calendarToJSON(win.Calendar))
			}
		}
		w.Rules = append(w.Rules, ruleToJSON(r, loc))
	}
	slices.SortFunc(w.Calendars, func(a, b calendarJSON) int { return strings.Compare(a.ID, b.ID) })
	for _, g := range p.Stacking {
		w.Stacking = append(w.Stacking, groupJSON{ID: g.ID, Mode: g.Mode.String(), Rules: g.Rules, MaxApplicable: g.MaxApplicable})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// instant formats t in loc, "" for the zero time.
func instant(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339Nano)
}

// moneyText formats m, "" for the zero Money.
func moneyText(m commerce.Money) string {
	if m == (commerce.Money{}) {
		return ""
	}
	return m.String()
}

// rateText formats r as a percentage, "" for 0.
func rateText(r commerce.Rate) string {
	if r.IsZero() {
		return ""
	}
	return r.String()
}

func calendarToJSON(c Calendar) calendarJSON {
	k := c.compile()
	w := calendarJSON{ID: c.ID, Source: c.Source}
	for _, n := range k.holidays {
		w.Holidays = append(w.Holidays, dateFromNumber(n).String())
	}
	for _, n := range k.workdays {
		w.Workdays = append(w.Workdays, dateFromNumber(n).String())
	}
	return w
}

func windowToJSON(w Window, loc *time.Location) *windowJSON {
	if w.IsZero() {
		return nil
	}
	return &windowJSON{Kind: w.Kind.String(), Days: w.Days, Lag: w.Lag, From: instant(w.From, loc), To: instant(w.To, loc), Calendar: w.Calendar.ID}
}

func predicateToJSON(p Predicate) predicateJSON {
	w := predicateJSON{Kind: p.Kind.String(), Amount: moneyText(p.Amount), OrUnknown: p.OrUnknown, Days: p.Days,
		Categories: p.Categories, Rate: rateText(p.Rate), MinOrders: p.MinOrders}
	if p.Fact != 0 {
		w.Fact = p.Fact.String()
	}
	if !p.Value.IsZero() || (p.Fact != 0 && !p.Fact.money()) {
		w.Value = plainRate(p.Value)
	}
	for _, c := range p.Of {
		w.Of = append(w.Of, predicateToJSON(c))
	}
	return w
}

func awardToJSON(a Award) awardJSON {
	return awardJSON{Kind: a.Kind.String(), Amount: moneyText(a.Amount), Views: a.Views, Count: a.Count, FeePlan: a.FeePlan,
		Rate: rateText(a.Rate), Note: a.Note}
}

func ruleToJSON(r Rule, loc *time.Location) ruleJSON {
	w := ruleJSON{ID: r.ID, Note: r.Note, Beneficiary: r.Beneficiary.String(), Per: r.Per.String(),
		Window: windowToJSON(r.Window, loc), Payout: windowToJSON(r.Payout, loc), Priority: r.Priority, Excludes: r.Excludes}
	if r.Anchor != 0 {
		w.Anchor = r.Anchor.String()
	}
	if r.Metric != 0 {
		w.Metric = r.Metric.String()
	}
	for _, p := range r.Eligibility {
		w.Eligibility = append(w.Eligibility, predicateToJSON(p))
	}
	if !r.Award.IsZero() {
		a := awardToJSON(r.Award)
		w.Award = &a
	}
	for _, t := range r.Tiers {
		w.Tiers = append(w.Tiers, tierJSON{From: moneyText(t.From), To: moneyText(t.To), Award: awardToJSON(t.Award)})
	}
	for _, m := range r.Milestones {
		w.Milestones = append(w.Milestones, milestoneJSON{Threshold: moneyText(m.Threshold), Award: awardToJSON(m.Award)})
	}
	if !r.Ranking.IsZero() {
		k := &rankingJSON{Top: r.Ranking.Top}
		for _, t := range r.Ranking.TieBreak {
			k.TieBreak = append(k.TieBreak, t.String())
		}
		w.Ranking = k
	}
	if !r.Baseline.IsZero() {
		w.Baseline = &baselineJSON{Prior: periodJSON{From: instant(r.Baseline.Prior.From, loc), To: instant(r.Baseline.Prior.To, loc)},
			MinIncrement: moneyText(r.Baseline.MinIncrement)}
	}
	for _, m := range r.Minimums {
		w.Minimums = append(w.Minimums, minimumJSON{Metric: m.Metric.String(), Amount: moneyText(m.Amount), Count: m.Count})
	}
	for _, c := range r.Caps {
		cj := capJSON{Entity: c.Entity.String(), Amount: moneyText(c.Amount), Count: c.Count}
		if c.Period != 0 {
			cj.Period = c.Period.String()
		}
		w.Caps = append(w.Caps, cj)
	}
	return w
}

// reader converts the JSON form to a Programme, recording the first error
// with its path.
type reader struct {
	err *ProgrammeError
}

func (r *reader) fail(path, format string, args ...any) {
	if r.err == nil {
		r.err = progErr(CodeMalformed, path, format, args...)
	}
}

// enum returns the index of s in names (entry 0 unused), or 0 with an
// error for a non-empty unknown name; "" is 0.
func enum[T ~uint8](r *reader, path, what, s string, names []string) T {
	if s == "" {
		return 0
	}
	i := slices.Index(names, s)
	if i <= 0 {
		r.fail(path, "unknown %s %q", what, s)
		return 0
	}
	return T(i)
}

func (r *reader) instant(path, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		r.fail(path, "%q is not an RFC 3339 instant", s)
		return time.Time{}
	}
	return t.UTC()
}

func (r *reader) money(path, s string) commerce.Money {
	if s == "" {
		return commerce.Money{}
	}
	m, err := commerce.ParseMoney(s)
	if err != nil {
		r.fail(path, "%v", err)
	}
	return m
}

func (r *reader) rate(path, s string) commerce.Rate {
	if s == "" {
		return commerce.Rate{}
	}
	v, err := commerce.ParseRate(s)
	if err != nil {
		r.fail(path, "%v", err)
	}
	return v
}

// plain reads a plain decimal: a rate without a suffix.
func (r *reader) plain(path, s string) commerce.Rate {
	if strings.ContainsAny(s, "%‰‱") {
		r.fail(path, "%q: want a plain decimal", s)
		return commerce.Rate{}
	}
	return r.rate(path, s)
}

func (w programmeJSON) programme() (Programme, *ProgrammeError) {
	var r reader
	p := Programme{ID: w.ID, Version: w.Version, Title: w.Title, Platform: w.Platform, Zone: w.Zone,
		Source:    Source{Kind: enum[SourceKind](&r, "source.kind", "source kind", w.Source.Kind, sourceKindNames[:]), Ref: w.Source.Ref, Note: w.Source.Note},
		Effective: Window{Kind: Fixed, From: r.instant("effective.from", w.Effective.From), To: r.instant("effective.to", w.Effective.To)},
		Recorded:  r.instant("recorded", w.Recorded),
	}
	if w.Currency != "" {
		c, err := commerce.ParseCurrency(w.Currency)
		if err != nil {
			r.fail("currency", "%v", err)
		}
		p.Currency = c
	}
	if w.Rounding != "" {
		i := slices.IndexFunc([]commerce.RoundingMode{commerce.HalfUp, commerce.HalfEven, commerce.Down, commerce.Up, commerce.Floor, commerce.Ceiling},
			func(m commerce.RoundingMode) bool { return m.String() == w.Rounding })
		if i < 0 {
			r.fail("rounding", "unknown rounding mode %q", w.Rounding)
		}
		p.Rounding = commerce.RoundingMode(i + 1)
	}
	calendars := make(map[string]Calendar, len(w.Calendars))
	for i, c := range w.Calendars {
		path := fmt.Sprintf("calendars[%d]", i)
		cal := Calendar{ID: c.ID, Source: c.Source}
		for k, d := range c.Holidays {
			cal.Holidays = append(cal.Holidays, r.date(fmt.Sprintf("%s.holidays[%d]", path, k), d))
		}
		for k, d := range c.Workdays {
			cal.Workdays = append(cal.Workdays, r.date(fmt.Sprintf("%s.workdays[%d]", path, k), d))
		}
		if _, dup := calendars[c.ID]; dup && r.err == nil {
			r.err = progErr(CodeDuplicate, path+".id", "calendar %q declared twice", c.ID)
		}
		if pe := cal.validate(path); pe != nil && r.err == nil {
			r.err = pe
		} else if pe == nil {
			cal.index = cal.buildIndex() // validated once, here
		}
		calendars[c.ID] = cal
	}
	used := make(map[string]bool)
	for i, rj := range w.Rules {
		p.Rules = append(p.Rules, r.rule(fmt.Sprintf("rules[%d]", i), rj, calendars, used))
	}
	for i, c := range w.Calendars {
		if !used[c.ID] && r.err == nil {
			r.err = progErr(CodeMalformed, fmt.Sprintf("calendars[%d]", i), "calendar %q is not used by any window", c.ID)
		}
	}
	for i, g := range w.Stacking {
		p.Stacking = append(p.Stacking, Group{ID: g.ID, Rules: g.Rules, MaxApplicable: g.MaxApplicable,
			Mode: enum[StackMode](&r, fmt.Sprintf("stacking[%d].mode", i), "stacking mode", g.Mode, stackModeNames[:])})
	}
	return p, r.err
}

func (r *reader) date(path, s string) Date {
	d, err := parseDate(s)
	if err != nil {
		r.fail(path, "%v", err)
	}
	return d
}

func (r *reader) window(path string, w *windowJSON, calendars map[string]Calendar, used map[string]bool) Window {
	if w == nil {
		return Window{}
	}
	out := Window{Kind: enum[WindowKind](r, path+".kind", "window kind", w.Kind, windowKindNames[:]), Days: w.Days, Lag: w.Lag,
		From: r.instant(path+".from", w.From), To: r.instant(path+".to", w.To)}
	if w.Kind == "" {
		r.fail(path+".kind", "a window needs a kind")
	}
	if w.Calendar != "" {
		c, ok := calendars[w.Calendar]
		if !ok && r.err == nil {
			r.err = progErr(CodeUnknownReference, path+".calendar", "no calendar %q", w.Calendar)
		}
		used[w.Calendar] = true
		out.Calendar = c.clone()
	}
	return out
}

func (c Calendar) clone() Calendar {
	c.Holidays = slices.Clone(c.Holidays)
	c.Workdays = slices.Clone(c.Workdays)
	return c
}

func (r *reader) predicate(path string, w predicateJSON, depth int) Predicate {
	p := Predicate{Kind: enum[PredicateKind](r, path+".kind", "predicate kind", w.Kind, predicateKindNames[:]),
		Amount: r.money(path+".amount", w.Amount), OrUnknown: w.OrUnknown, Days: w.Days, Categories: w.Categories,
		Rate: r.rate(path+".rate", w.Rate), MinOrders: w.MinOrders}
	if w.Kind == "" {
		r.fail(path+".kind", "a predicate needs a kind")
	}
	if w.Fact != "" {
		f, ok := factByName(w.Fact)
		if !ok {
			r.fail(path+".fact", "unknown fact %q", w.Fact)
		}
		p.Fact = f
	}
	if w.Value != "" {
		p.Value = r.plain(path+".value", w.Value)
	}
	if depth > maxPredicateDepth {
		r.fail(path, "predicates nest deeper than %d", maxPredicateDepth)
		return p
	}
	for i, c := range w.Of {
		p.Of = append(p.Of, r.predicate(fmt.Sprintf("%s.of[%d]", path, i), c, depth+1))
	}
	return p
}

func (r *reader) award(path string, w awardJSON) Award {
	if w.Kind == "" {
		r.fail(path+".kind", "an award needs a kind")
	}
	return Award{Kind: enum[AwardKind](r, path+".kind", "award kind", w.Kind, awardKindNames[:]), Amount: r.money(path+".amount", w.Amount),
		Views: w.Views, Count: w.Count, FeePlan: w.FeePlan, Rate: r.rate(path+".rate", w.Rate), Note: w.Note}
}

func (r *reader) rule(path string, w ruleJSON, calendars map[string]Calendar, used map[string]bool) Rule {
	out := Rule{ID: w.ID, Note: w.Note, Priority: w.Priority, Excludes: w.Excludes,
		Beneficiary: enum[Entity](r, path+".beneficiary", "entity", w.Beneficiary, entityNames[:]),
		Per:         enum[Subject](r, path+".per", "subject", w.Per, subjectNames[:]),
		Anchor:      enum[Anchor](r, path+".anchor", "anchor", w.Anchor, anchorNames[:]),
		Metric:      enum[Metric](r, path+".metric", "metric", w.Metric, metricNames[:]),
		Window:      r.window(path+".window", w.Window, calendars, used),
		Payout:      r.window(path+".payout", w.Payout, calendars, used),
	}
	for i, p := range w.Eligibility {
		out.Eligibility = append(out.Eligibility, r.predicate(fmt.Sprintf("%s.eligibility[%d]", path, i), p, 1))
	}
	if w.Award != nil {
		out.Award = r.award(path+".award", *w.Award)
	}
	if w.Tiers != nil {
		out.Tiers = []Tier{}
	}
	for i, t := range w.Tiers {
		tp := fmt.Sprintf("%s.tiers[%d]", path, i)
		out.Tiers = append(out.Tiers, Tier{From: r.money(tp+".from", t.From), To: r.money(tp+".to", t.To), Award: r.award(tp+".award", t.Award)})
	}
	if w.Milestones != nil {
		out.Milestones = []Milestone{}
	}
	for i, m := range w.Milestones {
		mp := fmt.Sprintf("%s.milestones[%d]", path, i)
		out.Milestones = append(out.Milestones, Milestone{Threshold: r.money(mp+".threshold", m.Threshold), Award: r.award(mp+".award", m.Award)})
	}
	if w.Ranking != nil {
		out.Ranking.Top = w.Ranking.Top
		out.Ranking.TieBreak = []TieKey{}
		for i, k := range w.Ranking.TieBreak {
			out.Ranking.TieBreak = append(out.Ranking.TieBreak, enum[TieKey](r, fmt.Sprintf("%s.ranking.tie-break[%d]", path, i), "tie-break key", k, tieKeyNames[:]))
		}
	}
	if w.Baseline != nil {
		out.Baseline = Baseline{Prior: Window{Kind: Fixed, From: r.instant(path+".baseline.prior.from", w.Baseline.Prior.From),
			To: r.instant(path+".baseline.prior.to", w.Baseline.Prior.To)}, MinIncrement: r.money(path+".baseline.min-increment", w.Baseline.MinIncrement)}
	}
	for i, m := range w.Minimums {
		mp := fmt.Sprintf("%s.minimums[%d]", path, i)
		out.Minimums = append(out.Minimums, Minimum{Metric: enum[Metric](r, mp+".metric", "metric", m.Metric, metricNames[:]),
			Amount: r.money(mp+".amount", m.Amount), Count: m.Count})
	}
	for i, c := range w.Caps {
		cp := fmt.Sprintf("%s.caps[%d]", path, i)
		out.Caps = append(out.Caps, Cap{Entity: enum[Entity](r, cp+".entity", "entity", c.Entity, entityNames[:]),
			Period: enum[CapPeriod](r, cp+".period", "cap period", c.Period, capPeriodNames[:]), Amount: r.money(cp+".amount", c.Amount), Count: c.Count})
	}
	return out
}

// strictJSON checks that data is one JSON value with no repeated key in
// any object, only lower-case ASCII keys of a-z, 0-9 and sep ('-' for
// kebab-case, '_' for snake_case), nesting at most maxJSONDepth deep, and
// nothing after it but white space; encoding/json alone would fold key
// case and keep the last of repeated keys. On failure it returns the path
// of the offending element ("rules[0].eligibility") and why; what names
// the document in the message about trailing data.
func strictJSON(data []byte, sep byte, what string) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if path, err := walkJSON(dec, "", 0, sep); err != nil {
		return path, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "", errors.New("data after the " + what)
	}
	return "", nil
}

func walkJSON(dec *json.Decoder, path string, depth int, sep byte) (string, error) {
	if depth > maxJSONDepth {
		return path, fmt.Errorf("nested deeper than %d", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return path, err
	}
	switch tok {
	case json.Delim('{'):
		seen := make(map[string]bool)
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return path, err
			}
			key, _ := kt.(string)
			if !jsonKey(key, sep) {
				style := "kebab-case"
				if sep == '_' {
					style = "snake_case"
				}
				return path, fmt.Errorf("key %q is not lower-case %s", key, style)
			}
			if seen[key] {
				return path, fmt.Errorf("key %q repeated", key)
			}
			seen[key] = true
			sub := key
			if path != "" {
				sub = path + "." + key
			}
			if p, err := walkJSON(dec, sub, depth+1, sep); err != nil {
				return p, err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if p, err := walkJSON(dec, fmt.Sprintf("%s[%d]", path, i), depth+1, sep); err != nil {
				return p, err
			}
		}
		_, err = dec.Token()
	}
	if err != nil {
		return path, err
	}
	return "", nil
}

// jsonKey reports whether s is a non-empty key of a-z, 0-9 and sep.
func jsonKey(s string, sep byte) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != sep {
			return false
		}
	}
	return true
}
