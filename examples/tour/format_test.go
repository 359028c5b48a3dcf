package main

import (
	"bytes"
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
