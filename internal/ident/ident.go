package ident

import (
	"strconv"
	"strings"
	"unicode"
)

// Problem returns why id is not a valid identifier, or "" when it is. An
// identifier is non-empty and has no surrounding space and no control
// characters. Printable ASCII, the common case, is accepted after one scan.
func Problem(id string) string {
	if id == "" {
		return "empty"
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x21 || c == 0x7f || c >= 0x80 {
			// Not printable ASCII: look closer only now.
			if strings.TrimSpace(id) != id || strings.ContainsFunc(id, unicode.IsControl) {
				return strconv.Quote(id) + " has surrounding space or control characters"
			}
			break
		}
	}
	return ""
}
