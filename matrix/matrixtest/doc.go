// Package matrixtest provides fixtures for testing code built on package
// matrix, in the manner of net/http/httptest: the cup brand's account
// matrix of the project's DOMAIN.md and seeded streams of seeding-funnel
// events. Every fixture is a fresh value, the same on every call with the
// same arguments.
package matrixtest
