package incentive_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livecommerce-go/livecommerce/incentive"
)

func TestProgrammeError(t *testing.T) {
	err := error(&incentive.ProgrammeError{Code: incentive.CodeTierGap, Programme: "xhs-free",
		Version: "2025-09", Path: "rules[1].tiers[2]", Reason: "¥100.00 to ¥200.00 is in no tier"})
	assert.True(t, errors.Is(err, incentive.ErrInvalidProgramme))
	assert.Equal(t, "incentive: programme xhs-free@2025-09: rules[1].tiers[2]: ¥100.00 to ¥200.00 is in no tier [tier-gap]", err.Error())
	var pe *incentive.ProgrammeError
	assert.True(t, errors.As(err, &pe))
	assert.Equal(t, "incentive: programme: x [missing]", (&incentive.ProgrammeError{Code: incentive.CodeMissing, Reason: "x"}).Error())
	assert.Equal(t, "incentive: programme p: x [missing]", (&incentive.ProgrammeError{Code: incentive.CodeMissing, Programme: "p", Reason: "x"}).Error())
}
