package chat

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// Cache is a size- and time-bounded LRU of complete answers. A nil *Cache
// caches nothing. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	enabled bool
	size    int
	ttl     time.Duration
	now     func() time.Time
	order   *list.List // front = most recent; values are *entry
	items   map[string]*list.Element
	hits    int64
	misses  int64
}

type entry struct {
	key     string
	answer  Answer
	expires time.Time
}

// NewCache returns a cache of up to size answers kept for ttl each
// (performance.cache_size and cache_ttl). enabled false, size ≤ 0 or
// ttl ≤ 0 makes it keep nothing.
func NewCache(enabled bool, size int, ttl time.Duration) *Cache {
	c := &Cache{now: time.Now, order: list.New(), items: map[string]*list.Element{}}
	c.SetLimits(enabled, size, ttl)
	return c
}

// SetLimits changes the limits live, dropping what no longer fits.
func (c *Cache) SetLimits(enabled bool, size int, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled, c.size, c.ttl = enabled && size > 0 && ttl > 0, size, ttl
	if !c.enabled {
		c.order.Init()
		clear(c.items)
		return
	}
	for c.order.Len() > c.size {
		c.remove(c.order.Back())
	}
}

func (c *Cache) remove(e *list.Element) {
	c.order.Remove(e)
	delete(c.items, e.Value.(*entry).key)
}

// Get returns the answer cached under key; "" never hits.
func (c *Cache) Get(key string) (Answer, bool) {
	if c == nil || key == "" {
		return Answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled {
		return Answer{}, false
	}
	e, ok := c.items[key]
	if ok && c.now().Before(e.Value.(*entry).expires) {
		c.order.MoveToFront(e)
		c.hits++
		return e.Value.(*entry).answer, true
	}
	if ok {
		c.remove(e)
	}
	c.misses++
	return Answer{}, false
}

// Put caches a complete answer under key.
func (c *Cache) Put(key string, a Answer) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled {
		return
	}
	a.Citations = append([]Citation(nil), a.Citations...)
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		e.Value = &entry{key: key, answer: a, expires: c.now().Add(c.ttl)}
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, answer: a, expires: c.now().Add(c.ttl)})
	for c.order.Len() > c.size {
		c.remove(c.order.Back())
	}
}

// CacheStats are the cache's counters since start.
type CacheStats struct {
	Enabled bool    `json:"enabled"`
	Entries int     `json:"entries"`
	Size    int     `json:"size"`
	Hits    int64   `json:"hits"`
	Misses  int64   `json:"misses"`
	HitRate float64 `json:"hit_rate"` // hits / (hits + misses), 0 when unused
}

// Stats returns the counters (zero for a nil cache).
func (c *Cache) Stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := CacheStats{Enabled: c.enabled, Entries: c.order.Len(), Size: c.size, Hits: c.hits, Misses: c.misses}
	if n := c.hits + c.misses; n > 0 {
		st.HitRate = float64(c.hits) / float64(n)
	}
	return st
}

// CacheKey identifies an answer: the retrieval query, the question, the
// model, its options, the number of passages and the index version.
func CacheKey(query, question, model string, opts Options, k int, indexVersion int64) string {
	o, _ := json.Marshal(opts)
	h := sha256.New()
	for _, part := range []string{strings.TrimSpace(query), strings.TrimSpace(question), model, string(o)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	b, _ := json.Marshal([2]int64{int64(k), indexVersion})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Clear drops every cached answer (after a restore, say).
func (c *Cache) Clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
}
