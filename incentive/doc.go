// Package incentive computes what platform incentive programmes pay: the
// programmes as versioned, effective-dated data, technical service fees
// and their cashback, awards with a trace of why (and why not).
package incentive
