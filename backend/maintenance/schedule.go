package maintenance

import (
	"fmt"
	"strings"
	"time"
)

// Schedule is a wall-clock time like a crontab line: every day at
// Hour:Minute, or, when Weekly, every week on Weekday at Hour:Minute, in
// Loc (nil means the machine's local zone, time.Local). Build one with
// Daily or Weekly.
type Schedule struct {
	Hour, Minute int
	Weekly       bool
	Weekday      time.Weekday
	Loc          *time.Location
}

// Daily returns the schedule "every day at hour:minute" in local time
// (cron's "M H * * *").
func Daily(hour, minute int) *Schedule { return &Schedule{Hour: hour, Minute: minute} }

// Weekly returns the schedule "every day of the week day at hour:minute"
// in local time (cron's "M H * * D").
func Weekly(day time.Weekday, hour, minute int) *Schedule {
	return &Schedule{Hour: hour, Minute: minute, Weekly: true, Weekday: day}
}

// Period is the nominal time between two runs: a day or a week.
func (s *Schedule) Period() time.Duration {
	if s.Weekly {
		return 7 * 24 * time.Hour
	}
	return 24 * time.Hour
}

func (s *Schedule) loc() *time.Location {
	if s.Loc != nil {
		return s.Loc
	}
	return time.Local
}

// Next returns the first scheduled time strictly after t. Times are wall
// clock times in the schedule's zone, so across a daylight-saving change
// the gap is 23 or 25 hours; a time that does not exist on the day of a
// spring-forward change (02:30 when clocks jump from 02:00 to 03:00) is
// taken as time.Date normalises it, an hour later.
func (s *Schedule) Next(t time.Time) time.Time {
	t = t.Round(0) // wall clock only: a monotonic reading would survive sleeps
	lt := t.In(s.loc())
	y, m, d := lt.Date()
	for i := 0; i <= 8; i++ {
		c := time.Date(y, m, d+i, s.Hour, s.Minute, 0, 0, s.loc())
		if s.Weekly && c.Weekday() != s.Weekday {
			continue
		}
		if c.After(t) {
			return c
		}
	}
	// Unreachable for valid schedules: within 8 days every weekday and
	// every time of day recur.
	return t.Add(s.Period())
}

// String says when the schedule runs, such as "daily at 02:00" or
// "weekly on Sunday at 04:00", with the zone when it is not time.Local.
func (s *Schedule) String() string {
	var b strings.Builder
	if s.Weekly {
		fmt.Fprintf(&b, "weekly on %s at %02d:%02d", s.Weekday, s.Hour, s.Minute)
	} else {
		fmt.Fprintf(&b, "daily at %02d:%02d", s.Hour, s.Minute)
	}
	if s.Loc != nil && s.Loc != time.Local {
		fmt.Fprintf(&b, " %s", s.Loc)
	}
	return b.String()
}

// Backoff is how long a job waits after its n-th failure in a row before
// it is tried again: 1 minute, then 2, 4, 8 … doubling, at most an hour.
// n < 1 counts as 1.
func Backoff(n int) time.Duration {
	const first, most = time.Minute, time.Hour
	if n < 1 {
		n = 1
	}
	d := first
	for i := 1; i < n && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}
