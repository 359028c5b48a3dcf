package main

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// title prints the title of a part of the tour, underlined with "=".
func title(w io.Writer, s string) {
	fmt.Fprintf(w, "%s\n%s\n\n", s, strings.Repeat("=", utf8.RuneCountInString(s)))
}

// heading prints a section heading, underlined with "-".
func heading(w io.Writer, s string) {
	fmt.Fprintf(w, "%s\n%s\n\n", s, strings.Repeat("-", utf8.RuneCountInString(s)))
}

// width is the column at which paragraphs wrap.
const width = 80

// para prints a paragraph, its words wrapped at width columns, then a
// blank line. The arguments are joined with spaces. An amount such as
// "CNY 49.00" is never split over two lines.
func para(w io.Writer, text ...string) {
	line := 0
	joined := strings.ReplaceAll(strings.Join(text, " "), "CNY ", "CNY\x00")
	for i, word := range strings.Fields(joined) {
		word = strings.ReplaceAll(word, "\x00", " ")
		n := cells(word)
		switch {
		case i == 0:
		case line+1+n > width:
			fmt.Fprintln(w)
			line = 0
		default:
			fmt.Fprint(w, " ")
			line++
		}
		fmt.Fprint(w, word)
		line += n
	}
	fmt.Fprint(w, "\n\n")
}

// cst is China Standard Time (UTC+8), where both brands count their days.
var cst = time.FixedZone("CST", 8*60*60)

// june returns the given day, hour and minute of June 2024 in China
// Standard Time, the month of the story.
func june(day, hour, minute int) time.Time {
	return time.Date(2024, time.June, day, hour, minute, 0, 0, cst)
}

// stamp formats t to the minute in China Standard Time:
// "2024-06-18 20:00".
func stamp(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") }

// clock formats t as the time of day in China Standard Time: "20:00".
func clock(t time.Time) string { return t.In(cst).Format("15:04") }

// pct formats a ratio as a percentage rounded half up to two decimals of a
// percent, such as "72%" or "33.33%".
func pct(r commerce.Ratio) (string, error) {
	rate, err := r.Rate(4, commerce.HalfUp)
	if err != nil {
		return "", err
	}
	return rate.String(), nil
}

// times formats a ratio as a multiple: "5×" when it is whole, "5/2×"
// otherwise, so an exact ratio is never rounded for display.
func times(r commerce.Ratio) string {
	if r.Den() == 1 {
		return fmt.Sprintf("%d×", r.Num())
	}
	return r.String() + "×"
}

// count formats n with thousands separators: 201600 → "201,600".
func count(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural returns "1 unit" or "n units": n and the noun, with an s unless n
// is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(n) + " " + noun + "s"
}

// hours formats a duration in whole hours when it is one, "126 h", and as
// Go prints it otherwise.
func hours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return d.String()
}

// bar draws a ratio between 0 and 1 as a text bar of width cells: r of
// them full ("█"), rounded half up to a whole cell, the rest light ("░"),
// so bars of one width line up in a table and compare by length. A ratio
// below 0 draws as 0 and one above 1 as 1. The arithmetic is exact
// (decimal), so a ratio on a cell's boundary rounds the same way on every
// machine.
func bar(r commerce.Ratio, width int) string {
	full := decimal.NewFromInt(r.Num()).Mul(decimal.NewFromInt(int64(width))).
		DivRound(decimal.NewFromInt(r.Den()), 0).IntPart()
	n := int(min(max(full, 0), int64(width)))
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// minutes formats a duration rounded half up to the minute, in days,
// hours and minutes, leaving out leading zero units: 4d15h41m, 19h8m,
// 45m, 2h, 0m.
func minutes(d time.Duration) string {
	m := int64(d.Round(time.Minute) / time.Minute)
	if m == 0 {
		return "0m"
	}
	var b strings.Builder
	if m < 0 {
		b.WriteByte('-')
		m = -m
	}
	for _, u := range []struct {
		per  int64
		unit string
	}{{24 * 60, "d"}, {60, "h"}, {1, "m"}} {
		if n := m / u.per; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.unit)
		}
		m %= u.per
	}
	return b.String()
}

// amount formats m without its currency code, for a table whose heading
// names the currency: "CNY 49.00" → "49.00".
func amount(m commerce.Money) string {
	return strings.TrimPrefix(m.String(), m.Currency().Code()+" ")
}

// table is a plain-text table: rows of cells, each column padded to its
// widest cell, left- or right-aligned as align says ('l' or 'r', one byte
// per column; amounts and counts read best right-aligned).
type table struct {
	align string
	rows  [][]string // a nil row is a rule
}

// row appends a row of cells.
func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// rule appends a horizontal rule across the table.
func (t *table) rule() { t.rows = append(t.rows, nil) }

// write prints the table, each row indented by two spaces, with two spaces
// between columns, and a blank line after it.
func (t *table) write(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cells(c))
		}
	}
	total := 0
	for _, n := range widths {
		total += n + 2
	}
	for _, r := range t.rows {
		if r == nil {
			fmt.Fprintf(w, "  %s\n", strings.Repeat("-", total-2))
			continue
		}
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-cells(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.align) && t.align[i] == 'r' {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintf(w, "  %s\n", strings.TrimRight(b.String(), " "))
	}
	fmt.Fprintln(w)
}

// cells returns the columns s takes in a terminal: two for each wide
// (East Asian) character, such as 粉, one for any other.
func cells(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

// wide reports whether r is an East Asian wide or fullwidth character: the
// blocks of Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
// compatibility ideographs and forms, fullwidth forms, and the
// supplementary ideographic planes.
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// stickyWriter passes writes to w until one fails, then fails every later
// write with the same error, so that the tour can print freely and check for
// an error once at the end.
type stickyWriter struct {
	w   io.Writer
	err error
}

// Write implements io.Writer.
func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
