package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {93600, "93,600"}, {201600, "201,600"},
		{1234567, "1,234,567"}, {-1234, "-1,234"},
	} {
		t.Run(c.want, func(t *testing.T) { assert.Equal(t, c.want, count(c.n)) })
	}
}

func TestCells(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"粉丝", 4}, {"Puffbloom粉丝群1", 16}, {"−3.59", 5}, {"×", 1}, {"ＷＩＮ", 6},
	} {
		t.Run(c.s, func(t *testing.T) { assert.Equal(t, c.want, cells(c.s)) })
	}
}

// TestTableAligns checks that columns line up in a terminal when a cell
// holds wide characters: every row of a table has the same width.
func TestTableAligns(t *testing.T) {
	var out bytes.Buffer
	tb := table{align: "lr"}
	tb.row("group", "online")
	tb.rule()
	tb.row("Puffbloom粉丝群1", "3")
	tb.row("PuffbloomVIP1", "12")
	tb.write(&out)
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	for _, l := range lines {
		assert.Equal(t, cells(lines[0]), cells(l), "%q", l)
	}
	assert.Equal(t, "  Puffbloom粉丝群1       3", lines[2])
}

// TestPara checks that a paragraph wraps at width, keeps every word and
// never splits an amount.
func TestPara(t *testing.T) {
	words := strings.Repeat("word CNY 49.00 and 粉丝群 ", 20)
	var out bytes.Buffer
	para(&out, words)
	text := out.String()
	require.True(t, strings.HasSuffix(text, "\n\n"))
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n\n"), "\n") {
		assert.LessOrEqual(t, cells(l), width, "%q", l)
		assert.False(t, strings.HasSuffix(l, "CNY"), "an amount split: %q", l)
	}
	assert.Equal(t, strings.Fields(words), strings.Fields(text))
}

func TestTimesAndPct(t *testing.T) {
	assert.Equal(t, "5×", times(commerce.MustNewRatio(5, 1)))
	assert.Equal(t, "5/2×", times(commerce.MustNewRatio(5, 2)))
	p, err := pct(commerce.MustNewRatio(18, 25))
	require.NoError(t, err)
	assert.Equal(t, "72%", p)
	p, err = pct(commerce.MustNewRatio(1, 3))
	require.NoError(t, err)
	assert.Equal(t, "33.33%", p)
	assert.Equal(t, "1575.5", fixed(commerce.MustNewRatio(3151, 2), 1))
	assert.Equal(t, "126 h", hours(126*time.Hour))
	assert.Equal(t, "1h30m0s", hours(90*time.Minute))
	assert.Equal(t, "30 days", days(30*24*time.Hour))
	assert.Equal(t, "1 unit", plural(1, "unit"))
}

// TestBar checks the bars' length, their rounding (half up, to a whole
// cell) and the clamping of ratios outside [0, 1].
func TestBar(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		width    int
		want     string
	}{
		{0, 1, 4, "░░░░"},
		{1, 1, 4, "████"},
		{1, 2, 4, "██░░"},
		{1, 8, 4, "█░░░"}, // 0.5 of a cell rounds up
		{1, 9, 4, "░░░░"}, // 0.44 of a cell rounds down
		{3, 8, 4, "██░░"}, // 1.5 cells round up to 2
		{7, 25, 30, "████████░░░░░░░░░░░░░░░░░░░░░░"}, // 8.4 cells
		{3, 2, 4, "████"},  // above 1
		{-1, 2, 4, "░░░░"}, // below 0
		{1, 3, 0, ""},
	} {
		t.Run(fmt.Sprintf("%d/%d of %d", c.num, c.den, c.width), func(t *testing.T) {
			got := bar(commerce.MustNewRatio(c.num, c.den), c.width)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.width, cells(got))
		})
	}
}

// TestBarExact checks a ratio whose numerator times the width overflows
// int64: 3^38 / 2^61 is 0.5858…, 11.7 of 20 cells, so 12.
func TestBarExact(t *testing.T) {
	const num, den = int64(1350851717672992089), int64(1) << 61 // 3^38 and 2^61, coprime
	assert.Equal(t, strings.Repeat("█", 12)+strings.Repeat("░", 8), bar(commerce.MustNewRatio(num, den), 20))
}

func TestMinutes(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0m"}, {29 * time.Second, "0m"}, {30 * time.Second, "1m"}, {45 * time.Minute, "45m"},
		{2 * time.Hour, "2h"}, {27*time.Hour + 13*time.Minute + 5*time.Second, "1d3h13m"},
		{90*time.Minute + 30*time.Second, "1h31m"}, {48 * time.Hour, "2d"}, {24*time.Hour + time.Minute, "1d1m"},
		{-90 * time.Minute, "-1h30m"},
	} {
		t.Run(c.want, func(t *testing.T) { assert.Equal(t, c.want, minutes(c.d)) })
	}
}
