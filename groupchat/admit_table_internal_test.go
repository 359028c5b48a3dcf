package groupchat

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Regression: the member table's size doubled in an int past 2n, which
// overflowed to 0 (and looped forever) for n near the largest int; it is
// now the least power of two not below 2n, even for the most members a
// directory holds.
func TestAdmitTableSize(t *testing.T) {
	tests := []struct {
		n    int
		want uint64
	}{
		{0, 16},
		{1, 16},
		{8, 16},
		{9, 32},
		{16, 32},
		{17, 64},
		{1 << 20, 1 << 21},
		{1<<20 + 1, 1 << 22},
		{maxMembers, 1 << 32},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tableSize(tt.n), "n=%d", tt.n)
	}
}
