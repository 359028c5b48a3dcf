package incentive_test

import (
	"errors"
	"fmt"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// A programme that fails validation says where and why, with a stable code
// a service can store and match.
func ExampleProgrammeError() {
	var err error = &incentive.ProgrammeError{Code: incentive.CodeRateOver100, Programme: "wx-sp-rebate",
		Version: "2025-01", Path: "rules[0].rate", Reason: "120% is over 100%"}
	var pe *incentive.ProgrammeError
	if errors.As(err, &pe) {
		fmt.Println(pe.Code, errors.Is(err, incentive.ErrInvalidProgramme))
	}
	fmt.Println(err)
	// Output:
	// rate-over-100 true
	// incentive: programme wx-sp-rebate@2025-01: rules[0].rate: 120% is over 100% [rate-over-100]
}
