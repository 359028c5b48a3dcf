// Package livetest provides fixtures for testing code built on package
// live, in the manner of net/http/httptest: the two brands of the
// project's DOMAIN.md as live rooms.
package livetest
