package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/shirou/gopsutil/v3/cpu"
	"github.com/shirou/gopsutil/v3/disk"
	"github.com/shirou/gopsutil/v3/mem"
	"github.com/shirou/gopsutil/v3/process"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Reading is one look at the machine's resources.
type Reading struct {
	Time time.Time `json:"time"`
	// CPUPercent is the whole machine's CPU use since the previous reading
	// (0–100, all cores together).
	CPUPercent float64 `json:"cpu_percent"`
	// ProcessCPUPercent is this process's CPU use since the previous
	// reading, in percent of one core (as top shows it).
	ProcessCPUPercent float64 `json:"process_cpu_percent"`
	MemoryTotalMB     float64 `json:"memory_total_mb"`
	MemoryUsedMB      float64 `json:"memory_used_mb"`
	MemoryPercent     float64 `json:"memory_percent"`
	ProcessRSSMB      float64 `json:"process_rss_mb"`
	// Disk is the file system holding the data home.
	DiskPath    string  `json:"disk_path"`
	DiskTotalMB float64 `json:"disk_total_mb"`
	DiskUsedMB  float64 `json:"disk_used_mb"`
	DiskFreeMB  float64 `json:"disk_free_mb"`
	DiskPercent float64 `json:"disk_percent"`
	// Ollama is the Ollama server and its model runners, found by process
	// name.
	Ollama OllamaProcess `json:"ollama_process"`
	// Errors lists the parts that could not be read.
	Errors []string `json:"errors,omitempty"`
}

// OllamaProcess is wire.OllamaProcess, the shape clients see; see there.
type OllamaProcess = wire.OllamaProcess

// HostReader reads the machine with gopsutil. It keeps the previous CPU
// times to turn counters into percentages; it is not safe for concurrent
// use (the sampler calls it from one goroutine).
type HostReader struct {
	dir  string
	self *process.Process
	// ollama processes, rescanned every RescanEvery readings.
	ollama      []*process.Process
	reads       int
	RescanEvery int

	lastCPU  cpu.TimesStat
	lastAt   time.Time
	lastProc map[int32]float64 // pid → user+system seconds
}

// NewHostReader reads the disk holding dir (the data home).
func NewHostReader(dir string) (*HostReader, error) {
	self, err := process.NewProcess(int32(os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("watch own process: %w", err)
	}
	return &HostReader{dir: dir, self: self, RescanEvery: 6, lastProc: map[int32]float64{}}, nil
}

func busy(t cpu.TimesStat) (busy, total float64) {
	total = t.User + t.System + t.Idle + t.Nice + t.Iowait + t.Irq + t.Softirq + t.Steal
	return total - t.Idle - t.Iowait, total
}

// Read takes one reading. Parts that fail are listed in Errors; the rest
// is still filled.
func (h *HostReader) Read(ctx context.Context) (Reading, error) {
	now := time.Now()
	r := Reading{Time: now.UTC(), DiskPath: h.dir}
	fail := func(what string, err error) { r.Errors = append(r.Errors, what+": "+err.Error()) }
	wall := now.Sub(h.lastAt).Seconds()
	if ts, err := cpu.TimesWithContext(ctx, false); err != nil || len(ts) == 0 {
		fail("cpu", errors.Join(err, errors.New("no cpu times")))
	} else {
		b1, t1 := busy(h.lastCPU)
		b2, t2 := busy(ts[0])
		if t2 > t1 {
			r.CPUPercent = clampPercent(100 * (b2 - b1) / (t2 - t1))
		}
		h.lastCPU = ts[0]
	}
	if vm, err := mem.VirtualMemoryWithContext(ctx); err != nil {
		fail("memory", err)
	} else {
		r.MemoryTotalMB, r.MemoryUsedMB, r.MemoryPercent = mib(vm.Total), mib(vm.Total-vm.Available), vm.UsedPercent
		if vm.Total > 0 {
			r.MemoryPercent = 100 * float64(vm.Total-vm.Available) / float64(vm.Total)
		}
	}
	if du, err := disk.UsageWithContext(ctx, h.dir); err != nil {
		fail("disk", err)
	} else {
		r.DiskTotalMB, r.DiskUsedMB, r.DiskFreeMB, r.DiskPercent = mib(du.Total), mib(du.Used), mib(du.Free), du.UsedPercent
	}
	if mi, err := h.self.MemoryInfoWithContext(ctx); err != nil {
		fail("process memory", err)
	} else {
		r.ProcessRSSMB = mib(mi.RSS)
	}
	seen := map[int32]float64{}
	r.ProcessCPUPercent = h.procCPU(ctx, h.self, wall, seen)

	if h.reads%max(h.RescanEvery, 1) == 0 || len(h.ollama) == 0 && h.reads%2 == 0 {
		h.ollama = findByName(ctx, "ollama")
	}
	h.reads++
	alive := h.ollama[:0]
	for _, p := range h.ollama {
		mi, err := p.MemoryInfoWithContext(ctx)
		if err != nil {
			continue // exited since the scan
		}
		alive = append(alive, p)
		r.Ollama.Running = true
		r.Ollama.PIDs = append(r.Ollama.PIDs, p.Pid)
		r.Ollama.RSSMB += mib(mi.RSS)
		r.Ollama.CPUPercent += h.procCPU(ctx, p, wall, seen)
	}
	h.ollama = alive
	h.lastProc, h.lastAt = seen, now
	return r, nil
}

// procCPU returns p's CPU use since the last reading (percent of one
// core) and records its counter in seen.
func (h *HostReader) procCPU(ctx context.Context, p *process.Process, wall float64, seen map[int32]float64) float64 {
	t, err := p.TimesWithContext(ctx)
	if err != nil {
		return 0
	}
	cur := t.User + t.System
	seen[p.Pid] = cur
	prev, ok := h.lastProc[p.Pid]
	if !ok || wall <= 0 || cur < prev {
		return 0
	}
	return min(100*(cur-prev)/wall, 100*float64(runtime.NumCPU()))
}

// findByName lists the processes whose name is name.
func findByName(ctx context.Context, name string) []*process.Process {
	ps, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil
	}
	var out []*process.Process
	for _, p := range ps {
		if n, err := p.NameWithContext(ctx); err == nil && n == name {
			out = append(out, p)
		}
	}
	return out
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func clampPercent(v float64) float64 { return max(0, min(100, v)) }
