package api

import (
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// The browser boundary keeps web pages the user visits from driving the
// server (cross-site request forgery) or reading it through a DNS name
// rebound to its address. It runs before authentication on every route,
// the UI included, and follows what Ollama (allowedHostsMiddleware) and
// Jupyter (check_host, allow_origin, the XSRF check) do, with Go's
// http.CrossOriginProtection algorithm for the origin test:
//
//  1. Host: the Host header's host part (the port is ignored) must be the
//     bound address, localhost, a loopback IP (127.0.0.1, ::1) or a name
//     in server.allowed_hosts; on a wildcard bind (0.0.0.0, ::) any IP
//     literal is accepted too, since an IP literal cannot be rebound.
//     Anything else is refused with 421. An empty Host (only non-browser
//     HTTP/1.0 clients omit it) is accepted.
//  2. Origin, for every method but GET, HEAD and OPTIONS: Sec-Fetch-Site,
//     when sent, must be same-origin or none; Origin, when sent, must be
//     http(s)://HOST with HOST the request's Host (scheme not compared, so
//     a TLS-terminating proxy works); "Origin: null" is refused. Clients
//     that send neither (curl, the CLI) pass. 403 otherwise.
//  3. Content type, for the same methods on /api/: a JSON endpoint takes a
//     body only as application/json (a charset parameter is fine), and any
//     Content-Type it is sent must be that; the archive upload takes only
//     application/gzip, application/x-gzip or application/octet-stream.
//     These are not types an HTML form or a "simple" fetch can send
//     without a CORS preflight, which this server never grants. 415
//     otherwise.

// safeMethod reports whether m cannot change state (and so skips the
// origin and content-type checks).
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// hostPolicy decides which Host headers are accepted.
type hostPolicy struct {
	wildcard bool                // bound to all interfaces: any IP literal is fine
	bound    netip.Addr          // the bound IP, if the bind host is one
	names    map[string]struct{} // lower-case names: localhost, the bind name, allowed_hosts
}

func newHostPolicy(bindHost string, allowed []string) hostPolicy {
	p := hostPolicy{names: map[string]struct{}{"localhost": {}}}
	h := normalizeHost(bindHost)
	switch a, err := netip.ParseAddr(h); {
	case h == "":
		p.wildcard = true // net.Listen("tcp", ":PORT") listens everywhere
	case err == nil && a.IsUnspecified():
		p.wildcard = true
	case err == nil:
		p.bound = a.Unmap()
	default:
		p.names[h] = struct{}{}
	}
	for _, a := range allowed {
		if a = normalizeHost(a); a != "" {
			if ip, err := netip.ParseAddr(a); err == nil {
				a = ip.Unmap().String()
			}
			p.names[a] = struct{}{}
		}
	}
	return p
}

// normalizeHost lower-cases a host (no port), drops IPv6 brackets and one
// trailing dot.
func normalizeHost(h string) string {
	h = strings.TrimSpace(h)
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// hostPart returns the host of a Host header value ("h", "h:p", "[v6]:p").
func hostPart(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return normalizeHost(h)
	}
	return normalizeHost(hostport)
}

// allows reports whether a request with this Host header may be served.
func (p hostPolicy) allows(hostHeader string) bool {
	h := hostPart(hostHeader)
	if hostHeader == "" {
		return true
	}
	if h == "" {
		return false
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		ip = ip.Unmap()
		if _, ok := p.names[ip.String()]; ok {
			return true
		}
		return p.wildcard || ip.IsLoopback() || ip == p.bound
	}
	_, ok := p.names[h]
	return ok
}

// crossSite says why a state-changing request is refused, or "" if it
// comes from this server's own pages or from a non-browser client.
func crossSite(r *http.Request) string {
	if safeMethod(r.Method) {
		return ""
	}
	// Origin first: it names the page, which makes the better message.
	if v := r.Header.Values("Origin"); len(v) > 1 || len(v) == 1 && !sameOrigin(v[0], r.Host) {
		return fmt.Sprintf("cross-site request refused: Origin %s is not this server", strings.Join(v, ", "))
	}
	if v := r.Header.Values("Sec-Fetch-Site"); len(v) > 0 {
		if s := strings.ToLower(strings.TrimSpace(v[0])); len(v) > 1 || s != "same-origin" && s != "none" {
			return fmt.Sprintf("cross-site request refused: Sec-Fetch-Site is %q; only this server's own pages may change anything", strings.Join(v, ", "))
		}
	}
	return ""
}

// sameOrigin reports whether origin is http(s)://host with host the
// request's Host (compared case-insensitively).
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || host == "" ||
		u.Opaque != "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// Media types the upload accepts: what browsers, curl and gzip call an
// archive. None is CORS-safelisted.
var uploadTypes = map[string]bool{"application/gzip": true, "application/x-gzip": true, "application/octet-stream": true}

// badContentType says why a request's Content-Type is refused, or "".
func badContentType(r *http.Request) string {
	if safeMethod(r.Method) || !strings.HasPrefix(r.URL.Path, "/api/") {
		return ""
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if r.URL.Path == uploadPath {
		if ct == "" && r.ContentLength == 0 {
			return "" // nothing sent: the handler says the upload is empty
		}
		if err != nil || !uploadTypes[mt] {
			return fmt.Sprintf("the archive must be sent as Content-Type: application/gzip (curl: --data-binary @FILE -H 'Content-Type: application/gzip'), got %q", ct)
		}
		return ""
	}
	if ct == "" {
		if r.ContentLength == 0 {
			return "" // no body, no type: curl -X POST, the CLI, fetch without a body
		}
		return "a request body must be JSON sent with Content-Type: application/json (curl: --json '{…}' or -H 'Content-Type: application/json'); this request has none"
	}
	if err != nil || mt != "application/json" {
		return fmt.Sprintf("this endpoint takes JSON: send Content-Type: application/json (curl: --json '{…}'), got %q", ct)
	}
	return ""
}

// withBoundary applies the browser boundary (see the comment at the top
// of this file) before anything else reads the request.
func (s *Server) withBoundary(next http.Handler) http.Handler {
	hosts := newHostPolicy(s.opt.BindHost, s.opt.AllowedHosts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hosts.allows(r.Host) {
			s.writeError(w, r, &Error{Status: http.StatusMisdirectedRequest, Code: "host_not_allowed",
				Message: fmt.Sprintf("host not allowed: %s; add it to server.allowed_hosts if you trust it", hostPart(r.Host))})
			return
		}
		if why := crossSite(r); why != "" {
			s.writeError(w, r, &Error{Status: http.StatusForbidden, Code: "cross_site", Message: why})
			return
		}
		if why := badContentType(r); why != "" {
			s.writeError(w, r, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: why})
			return
		}
		next.ServeHTTP(w, r)
	})
}
