package cli

import (
	"context"
	"encoding/json"
	"fmt"
)

// runMaintenance runs `maintenance cleanup-sessions [--days N]` or
// `maintenance optimize-index` once, now.
func runMaintenance(ctx context.Context, env Env, o options, what string) error {
	svc, err := boot(ctx, env, o, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	var out any
	switch what {
	case "cleanup-sessions":
		days := svc.Config.Chat.RetentionDays
		if o.set["days"] {
			days = o.days
		}
		if days < 1 {
			return usageError(fmt.Sprintf("--days must be at least 1, got %d (chat.retention_days is %d)", days, svc.Config.Chat.RetentionDays))
		}
		n, err := svc.Chat.Cleanup(ctx, days)
		if err != nil {
			return err
		}
		out = map[string]any{"removed_sessions": n, "days": days}
		if !o.json {
			fmt.Fprintf(env.Stdout, "Cleaned %d old sessions (older than %d days)\n", n, days)
		}
	case "optimize-index":
		rep, err := svc.Store.Compact(ctx)
		if err != nil {
			return err
		}
		out = rep
		if !o.json {
			fmt.Fprintf(env.Stdout, "Index optimised: database %.1f MB → %.1f MB in %.1f s\n", mb(rep.SizeBefore), mb(rep.SizeAfter), rep.Seconds)
		}
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return nil
}
