package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseClock reads a time of day "HH:MM" (24-hour; "2:00" is accepted
// too) as used by the maintenance.*_time keys. The error says what to
// write instead.
func ParseClock(s string) (hour, minute int, err error) {
	v := strings.TrimSpace(s)
	h, m, ok := strings.Cut(v, ":")
	if ok && len(h) >= 1 && len(h) <= 2 && len(m) == 2 {
		hour, e1 := strconv.Atoi(h)
		minute, e2 := strconv.Atoi(m)
		if e1 == nil && e2 == nil && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && !strings.ContainsAny(h+m, "+-") {
			return hour, minute, nil
		}
	}
	return 0, 0, fmt.Errorf(`must be a local time of day "HH:MM" from 00:00 to 23:59 (24-hour, such as "02:00" or "23:30"), got %q`, s)
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// ParseWeekday reads a day of the week for maintenance.optimize_weekday:
// its English name or first three letters in any case ("sunday", "Sun"),
// or cron's number 0–7 (0 and 7 are Sunday). The error lists the choices.
func ParseWeekday(s string) (time.Weekday, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 7 && len(v) == 1 {
		return time.Weekday(n % 7), nil
	}
	for name, d := range weekdays {
		if v == name || len(v) == 3 && strings.HasPrefix(name, v) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("must be a day of the week: sunday, monday, tuesday, wednesday, thursday, friday or saturday (or sun … sat, or cron's 0–7 with 0 and 7 Sunday), got %q", s)
}
