// Package llm talks to Ollama. It is the only package that imports
// github.com/ollama/ollama/api; everything else sees this package's types.
//
// Client probes the server (Probe), streams chat replies (Chat), lists,
// pulls and deletes models (Installed, Pull, Delete); Supervisor finds,
// starts and watches a local `ollama serve`.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ProbeTimeout bounds Probe, so a hung server cannot stall a status check.
const ProbeTimeout = 2 * time.Second

// Stream timeouts used when Options leaves them zero.
const (
	// DefaultIdleTimeout bounds the silence between two chunks of a
	// streamed reply or pull.
	DefaultIdleTimeout = 60 * time.Second
	// DefaultFirstChunkTimeout bounds the wait for a reply's first chunk,
	// which includes loading the model and reading the prompt (slow on a CPU).
	DefaultFirstChunkTimeout = 5 * time.Minute
)

// Options tune a Client. The zero value means the defaults.
type Options struct {
	// HTTPClient is used for every request; nil means http.DefaultClient.
	// Never give it a Timeout: streams last as long as their context.
	HTTPClient *http.Client
	// IdleTimeout ends a stream that sends nothing for this long after its
	// first chunk; default DefaultIdleTimeout.
	IdleTimeout time.Duration
	// FirstChunkTimeout ends a stream whose first chunk does not come in
	// this long; default DefaultFirstChunkTimeout.
	FirstChunkTimeout time.Duration
}

// Client is an Ollama client for one host. It never sets http.Client.Timeout
// (that would cut long streams); every call takes a context instead, and
// streams are bounded by the idle timeouts of Options.
type Client struct {
	host string
	api  *api.Client
	opt  Options
	caps capsCache
}

// New returns a client for host, an http(s) base URL such as
// http://127.0.0.1:11434. httpClient may be nil for http.DefaultClient.
func New(host string, httpClient *http.Client) (*Client, error) {
	return NewWithOptions(host, Options{HTTPClient: httpClient})
}

// NewWithOptions is New with the stream timeouts set.
func NewWithOptions(host string, opt Options) (*Client, error) {
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("ollama host %q: not a URL such as http://127.0.0.1:11434", host)
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = http.DefaultClient
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.FirstChunkTimeout <= 0 {
		opt.FirstChunkTimeout = DefaultFirstChunkTimeout
	}
	return &Client{host: strings.TrimRight(host, "/"), api: api.NewClient(u, opt.HTTPClient), opt: opt}, nil
}

// Status is wire.OllamaStatus, the shape clients see; see there.
type Status = wire.OllamaStatus

// Host is the base URL the client talks to.
func (c *Client) Host() string { return c.host }

// Probe asks the server for its version, within ProbeTimeout. It never
// returns an error: an unreachable server is a Status with Reachable false.
func (c *Client) Probe(ctx context.Context) Status {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	st := Status{Host: c.host}
	v, err := c.api.Version(ctx)
	if err != nil {
		st.Error = describe(err)
		return st
	}
	st.Reachable, st.Version = true, v
	return st
}

// describe turns a transport error into a short, actionable reason.
func describe(err error) string {
	var se api.StatusError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: Ollama is not running (start it with `ollama serve`)"
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within " + ProbeTimeout.String() + ": the server is busy or not Ollama"
	case errors.As(err, &se):
		return fmt.Sprintf("answered HTTP %d: the port is held by something that is not Ollama", se.StatusCode)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "unknown host " + dnsErr.Name + ": check llm.ollama_host"
	}
	return err.Error()
}
