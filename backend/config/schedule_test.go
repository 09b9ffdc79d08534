package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in        string
		hour, min int
		wantErr   bool
	}{
		{"02:00", 2, 0, false},
		{"2:00", 2, 0, false},
		{" 23:59 ", 23, 59, false},
		{"00:00", 0, 0, false},
		{"24:00", 0, 0, true},
		{"12:60", 0, 0, true},
		{"2am", 0, 0, true},
		{"0200", 0, 0, true},
		{"2:0", 0, 0, true},
		{"-1:00", 0, 0, true},
		{"+2:00", 0, 0, true},
		{"02:00:00", 0, 0, true},
		{"", 0, 0, true},
		{"１２:００", 0, 0, true},
	}
	for _, tt := range tests {
		h, m, err := ParseClock(tt.in)
		if (err != nil) != tt.wantErr || h != tt.hour || m != tt.min {
			t.Errorf("ParseClock(%q) = %d, %d, %v", tt.in, h, m, err)
		}
		if err != nil && !strings.Contains(err.Error(), `"HH:MM"`) {
			t.Errorf("ParseClock(%q) error %q does not say the format", tt.in, err)
		}
	}
}

func TestParseWeekday(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Weekday
		wantErr bool
	}{
		{"sunday", time.Sunday, false},
		{"Sunday", time.Sunday, false},
		{"SAT", time.Saturday, false},
		{"wed", time.Wednesday, false},
		{"0", time.Sunday, false},
		{"7", time.Sunday, false},
		{"1", time.Monday, false},
		{"8", 0, true},
		{"-1", 0, true},
		{"su", 0, true},
		{"sundays", 0, true},
		{"日曜日", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseWeekday(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseWeekday(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestMaintenanceKeys(t *testing.T) {
	p := writeFile(t, t.TempDir(), "config.yaml",
		"maintenance:\n  backup_time: 01:30\n  daily_time: '4:05'\n  optimize_weekday: 6\n  optimize_time: \"23:00\"\n")
	cfg, _, err := Load(p, true, []string{"GENKAI_MAINTENANCE_START_DELAY_SECONDS=5"})
	if err != nil {
		t.Fatal(err)
	}
	if m := cfg.Maintenance; m.BackupTime != "01:30" || m.DailyTime != "4:05" || m.OptimizeWeekday != "6" || m.OptimizeTime != "23:00" || m.StartDelaySeconds != 5 {
		t.Errorf("maintenance = %+v", m)
	}
	if Live("maintenance.start_delay_seconds") || !Live("maintenance.backup_time") {
		t.Error("start_delay_seconds applies at start only; the times apply live")
	}

	p = writeFile(t, t.TempDir(), "config.yaml",
		"maintenance:\n  backup_time: 2am\n  daily_time: '25:00'\n  optimize_weekday: someday\n  optimize_time: ''\n  start_delay_seconds: 0\n")
	_, _, err = Load(p, true, nil)
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("bad maintenance keys: %v, want *Error", err)
	}
	for _, w := range []string{
		`maintenance.backup_time: must be a local time of day "HH:MM" from 00:00 to 23:59 (24-hour, such as "02:00" or "23:30"), got "2am"`,
		`maintenance.daily_time: must be a local time of day "HH:MM"`, `got "25:00"`,
		`maintenance.optimize_weekday: must be a day of the week: sunday, monday`, `got "someday"`,
		`maintenance.optimize_time: must be a local time of day`,
		"maintenance.start_delay_seconds: must be between 1 and 3600, got 0",
	} {
		if !strings.Contains(cerr.Error(), w) {
			t.Errorf("problems:\n%s\nwant one containing %q", cerr.Error(), w)
		}
	}
}
