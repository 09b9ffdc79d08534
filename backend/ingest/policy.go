package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ErrRefused is wrapped by every refusal of a source Policy.
var ErrRefused = fault.Sentinel(fault.SourceRefused, "refused by the source policy")

// RefusedError is a source the policy refuses: Reason says why and what to
// do. It wraps ErrRefused.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return e.Reason }
func (e *RefusedError) Unwrap() error { return ErrRefused }

func refuse(format string, args ...any) error {
	return refuseCode(fault.SourceRefused, format, args...)
}

// refuseCode is refuse with the fault code that says which rule refused
// (fault.NoSourceRoots, fault.OutsideSourceRoots, fault.PrivateSite, or
// the general fault.SourceRefused); the RefusedError stays inside it.
func refuseCode(code fault.Code, format string, args ...any) error {
	return &fault.Error{Code: code, Err: &RefusedError{Reason: fmt.Sprintf(format, args...)}}
}

// Policy decides which sources may be added and synced. The zero value is
// open: any absolute folder and any http(s) site (the desktop app and the
// CLI, whose user types the source). A restricted policy (a server others
// can reach) accepts folders only under Roots and sites only on public
// addresses unless AllowPrivate; sites are checked when added and again at
// every connection of the crawl (DNS rebinding, redirects).
type Policy struct {
	// Restricted turns the checks on.
	Restricted bool
	// Roots are the absolute folders under which folders may be indexed
	// (after resolving symbolic links); none: no folders.
	Roots []string
	// AllowPrivate lets sites on loopback, link-local, private, unspecified
	// and multicast addresses be indexed (an intranet wiki).
	AllowPrivate bool

	// lookup resolves a host name (nil: net.DefaultResolver); dial makes a
	// TCP connection to a checked ip:port (nil: a net.Dialer). Tests set them.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	dial   func(ctx context.Context, network, addr string) (net.Conn, error)
}

// PolicyInfo is wire.SourcePolicy, the shape clients see; see there.
type PolicyInfo = wire.SourcePolicy

// Info describes p for clients.
func (p Policy) Info() PolicyInfo {
	if !p.Restricted {
		return PolicyInfo{Policy: "open", SourceRoots: []string{}}
	}
	roots := append([]string{}, p.Roots...)
	return PolicyInfo{Policy: "restricted", SourceRoots: roots, AllowPrivateSites: p.AllowPrivate}
}

const restrictedPrefix = "sources are restricted on this server (server.source_policy): "

// Check refuses kind/location when p is restricted and does not allow it:
// the kind's Source.Check decides. A folder is resolved (filepath.Clean,
// symbolic links) and must lie under one of Roots; a site must be http(s)
// and its host must resolve only to public addresses (unless
// AllowPrivate). Refusals wrap ErrRefused; a kind that is not registered
// is refused too; a host that cannot be resolved is an error wrapping
// ErrBadSource.
func (p Policy) Check(ctx context.Context, kind, location string) error {
	if !p.Restricted {
		return nil
	}
	src, err := OpenSource(store.Source{Kind: kind, Location: location})
	if err != nil {
		return refuse("%sunknown source kind %q", restrictedPrefix, kind)
	}
	return src.Check(ctx, p)
}

// check is Check for a built source.
func (p Policy) check(ctx context.Context, src Source) error {
	if !p.Restricted {
		return nil
	}
	return src.Check(ctx, p)
}

// checkFolder resolves dir and refuses it outside every root.
func (p Policy) checkFolder(dir string) error {
	roots := strings.Join(p.Roots, ", ")
	if len(p.Roots) == 0 {
		return refuseCode(fault.NoSourceRoots, "%sno folders may be indexed because server.source_roots is empty; ask the administrator to set server.source_roots to the folders this server may index", restrictedPrefix)
	}
	if !filepath.IsAbs(dir) {
		return refuseCode(fault.OutsideSourceRoots, "%sa folder must be an absolute path under server.source_roots (%s)", restrictedPrefix, roots)
	}
	clean := filepath.Clean(dir)
	real, err := filepath.EvalSymlinks(clean)
	if err != nil {
		return refuse("%scannot check folder %s: %v; folders must be existing folders under server.source_roots (%s)", restrictedPrefix, clean, errors.Unwrap(err), roots)
	}
	for _, r := range p.Roots {
		rr, err := filepath.EvalSymlinks(filepath.Clean(r))
		if err != nil {
			continue // a root that does not exist holds nothing
		}
		if within(rr, real) {
			return nil
		}
	}
	where := clean
	if real != clean {
		where = clean + " (which is " + real + ")"
	}
	return refuseCode(fault.OutsideSourceRoots, "%sfolders must be under server.source_roots (%s); ask the administrator to add %s", restrictedPrefix, roots, where)
}

// checkSite refuses a URL that is not http(s) or whose host is, or
// resolves to, a private address.
func (p Policy) checkSite(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return refuse("%sa site must be an http(s) URL", restrictedPrefix)
	}
	if p.AllowPrivate {
		return nil
	}
	if _, err := p.resolve(ctx, u.Hostname()); err != nil && !errors.Is(err, ErrRefused) {
		return fmt.Errorf("%w: cannot resolve %s: %v; check the URL's host name", ErrBadSource, u.Hostname(), err)
	} else if err != nil {
		return err
	}
	return nil
}

// resolve returns host's addresses, refusing a host any of whose addresses
// is private. IP literals in any form inet_aton accepts are parsed, not
// looked up. Lookup failures are returned as they are (not refusals).
func (p Policy) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	var addrs []netip.Addr
	if a, ok := parseIPLiteral(host); ok {
		addrs = []netip.Addr{a}
	} else {
		lookup := p.lookup
		if lookup == nil {
			lookup = func(ctx context.Context, h string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", h)
			}
		}
		var err error
		if addrs, err = lookup(ctx, host); err != nil {
			return nil, err
		}
		if len(addrs) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	if p.AllowPrivate {
		return addrs, nil
	}
	for _, a := range addrs {
		if what := privateKind(a); what != "" {
			shown := host
			if a.Unmap().String() != host {
				shown = host + " (" + a.Unmap().String() + ")"
			}
			return nil, refuseCode(fault.PrivateSite, "site %s is %s address; this server does not index private addresses (server.allow_private_sites)", shown, what)
		}
	}
	return addrs, nil
}

// parseIPLiteral parses an IPv6 literal (zone allowed) or an IPv4 address
// in the forms inet_aton accepts and some resolvers honour: 127.0.0.1,
// 2130706433, 0x7f.1, 0177.0.0.1, 127.1.
func parseIPLiteral(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil {
		return a, true
	}
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, s := range parts {
		base, digits := 10, s
		switch {
		case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X"):
			base, digits = 16, s[2:]
		case len(s) > 1 && s[0] == '0':
			base, digits = 8, s[1:]
		}
		n, err := strconv.ParseUint(digits, base, 32)
		if err != nil || digits == "" {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	var v uint64
	last := len(nums) - 1
	for i := 0; i < last; i++ {
		if nums[i] > 0xff {
			return netip.Addr{}, false
		}
		v |= nums[i] << (24 - 8*i)
	}
	if nums[last] >= 1<<(8*(4-last)) {
		return netip.Addr{}, false
	}
	v |= nums[last]
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

var (
	sharedNet = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT
	thisNet   = netip.MustParsePrefix("0.0.0.0/8")     // "this network"
	nat64     = netip.MustParsePrefix("64:ff9b::/96")  // IPv4 embedded in NAT64
	sixToFour = netip.MustParsePrefix("2002::/16")     // IPv4 embedded in 6to4
	broadcast = netip.MustParseAddr("255.255.255.255") // limited broadcast
	metadata  = netip.MustParseAddr("169.254.169.254") // cloud metadata
	ipv4Compt = netip.MustParsePrefix("::/96")         // deprecated IPv4-compatible
)

// privateKind names the kind of a non-public address ("a loopback"), or
// returns "" for a public one. IPv4-mapped, NAT64 and 6to4 addresses are
// judged by the IPv4 address they carry.
func privateKind(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return privateKind(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(a):
			return privateKind(netip.AddrFrom4([4]byte(b[2:6])))
		case ipv4Compt.Contains(a) && !a.IsUnspecified() && !a.IsLoopback():
			return privateKind(netip.AddrFrom4([4]byte(b[12:16])))
		}
	}
	switch {
	case a == metadata:
		return "the cloud metadata (link-local)"
	case a.IsLoopback():
		return "a loopback"
	case a.IsUnspecified(), thisNet.Contains(a):
		return "an unspecified"
	case a.IsLinkLocalUnicast():
		return "a link-local"
	case a.IsPrivate(), sharedNet.Contains(a):
		return "a private"
	case a.IsMulticast(), a == broadcast:
		return "a multicast or broadcast"
	case !a.IsGlobalUnicast():
		return "a non-public"
	}
	return ""
}

// Client returns base (nil: a new client) made safe for a crawl under p:
// unchanged when p is open or allows private addresses; otherwise its
// connections go only to addresses p accepts, resolved by p itself and
// checked again on the socket, and never through a proxy (which would
// resolve names where p cannot check them).
func (p Policy) Client(base *http.Client) *http.Client {
	if base == nil {
		base = &http.Client{}
	}
	if !p.Restricted || p.AllowPrivate {
		return base
	}
	cl := *base
	var tr *http.Transport
	if t, ok := base.Transport.(*http.Transport); ok {
		tr = t.Clone()
	} else {
		tr = http.DefaultTransport.(*http.Transport).Clone()
	}
	tr.Proxy = nil
	tr.DialContext = p.dialContext
	tr.DialTLSContext = nil
	cl.Transport = tr
	return &cl
}

// dialContext resolves and checks addr's host, then connects to the first
// accepted address that answers.
func (p Policy) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	addrs, err := p.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	dial := p.dial
	if dial == nil {
		d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: p.control}
		dial = d.DialContext
	}
	var first error
	for _, a := range addrs {
		c, err := dial(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// control checks the address a socket is about to connect to.
func (p Policy) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refuse("cannot check the address %s: %v", address, err)
	}
	if what := privateKind(ap.Addr()); what != "" {
		return refuseCode(fault.PrivateSite, "site address %s is %s address; this server does not index private addresses (server.allow_private_sites)", ap.Addr(), what)
	}
	return nil
}
