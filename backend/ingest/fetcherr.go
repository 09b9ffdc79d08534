package ingest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// fetchReason turns a request error into the reason a sync report shows:
// what went wrong in words a user can act on, then the underlying error.
// timeout is the per-request limit that applied.
func fetchReason(err error, timeout time.Duration) string {
	if what := describeFetch(err, timeout); what != "" {
		return what + " (" + err.Error() + ")"
	}
	return err.Error()
}

// describeFetch says in words what a request error means and what to do,
// or "" for an error it does not know.
func describeFetch(err error, timeout time.Duration) string {
	_, what := classifyFetch(err, timeout)
	return what
}

// fetchCode is the fault code of a request error (the reason code stored
// with a page that could not be fetched): fault.FetchFailed for an error
// classifyFetch does not know.
func fetchCode(err error) fault.Code {
	code, _ := classifyFetch(err, 0)
	return code
}

// classifyFetch classifies a request error by its type (never by its
// text, except net/http's plain-string HTTPS-to-HTTP error): its fault
// code and the English words for it ("" with fault.FetchFailed for an
// error it does not know). A policy refusal keeps its own code.
func classifyFetch(err error, timeout time.Duration) (fault.Code, string) {
	var (
		dnsErr  *net.DNSError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		verify  *tls.CertificateVerificationError
		record  tls.RecordHeaderError
		netErr  net.Error
		refused *RefusedError
	)
	switch {
	case errors.As(err, &refused):
		code := fault.CodeOf(err)
		if code == "" {
			code = fault.SourceRefused
		}
		return code, refused.Reason
	case errors.As(err, &dnsErr):
		return fault.FetchDNS, "host not found: check the URL's host name and the network connection"
	case errors.Is(err, syscall.ECONNREFUSED):
		return fault.FetchRefused, "connection refused: the server is down or the port is wrong"
	case errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid), errors.As(err, &verify):
		return fault.FetchTLSTrust, "TLS certificate not trusted: the site's certificate is invalid, expired or for another host (install its CA certificate in the system store if it is an internal site)"
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		// net/http's own error (a plain string) for a RecordHeaderError that looks like HTTP.
		return fault.FetchPlainHTTP, "the server speaks plain HTTP, not HTTPS: use http:// in the URL"
	case errors.As(err, &record):
		return fault.FetchTLSHandshake, "TLS handshake failed: the server does not speak HTTPS on this port (try http://)"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fault.FetchTimeout, fmt.Sprintf("timed out after %s: the server is slow or unreachable; try again later", timeout)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return fault.FetchReset, "connection reset by the server; try again later"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return fault.FetchUnreachable, "network unreachable: check the network connection"
	}
	return fault.FetchFailed, ""
}

// extractCode is the reason code of a document that could not be
// extracted: the extractor's own code (fault.PDFNoText, fault.NotText) or
// fault.ExtractFailed.
func extractCode(err error) fault.Code {
	if code := fault.CodeOf(err); code != "" {
		return code
	}
	return fault.ExtractFailed
}

// syncCode is the code of the error that ended a sync: its own fault code,
// or fault.SyncFailed.
func syncCode(err error) fault.Code {
	if code := fault.CodeOf(err); code != "" {
		return code
	}
	return fault.SyncFailed
}

// sizeText writes a byte count for people: 10 MB, 512 KB, 900 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
