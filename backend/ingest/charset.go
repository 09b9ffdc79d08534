package ingest

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

const (
	sniffLen   = 8 << 10  // bytes checked for NULs and scanned for <meta charset>
	jpSniffLen = 64 << 10 // bytes decoded to guess a Japanese encoding
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// checkText returns ErrNotText when body has a NUL byte in its first 8 KB
// and is not UTF-16 with a byte-order mark.
func checkText(body []byte) error {
	if bytes.HasPrefix(body, bomUTF16LE) || bytes.HasPrefix(body, bomUTF16BE) {
		return nil
	}
	if bytes.IndexByte(body[:min(len(body), sniffLen)], 0) >= 0 {
		return ErrNotText
	}
	return nil
}

// checkContentType returns ErrNotText for a media type that is not text.
// An empty or unparsable content type passes: the body decides.
func checkContentType(contentType string) error {
	if strings.TrimSpace(contentType) == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil
	}
	typ, sub, _ := strings.Cut(mt, "/")
	switch typ {
	case "text":
		return nil
	case "application":
		switch {
		case sub == "xhtml+xml", sub == "xml", sub == "json", sub == "javascript",
			sub == "ecmascript", sub == "x-sh", sub == "x-shellscript", sub == "yaml",
			sub == "x-yaml", sub == "toml", sub == "markdown", sub == "x-markdown",
			strings.HasSuffix(sub, "+xml"), strings.HasSuffix(sub, "+json"):
			return nil
		}
	}
	return ErrNotText
}

// decodeHTML returns body as valid UTF-8. The encoding is, in order: a
// byte-order mark; the charset parameter of contentType; a <meta charset> or
// <meta http-equiv="Content-Type"> in the first 8 KB; ISO-2022-JP escape
// sequences; UTF-8 if the body is valid UTF-8; Shift_JIS or EUC-JP if the
// bytes read as Japanese in one of them; else windows-1252. A declared UTF-8
// that is not valid UTF-8 but reads as Shift_JIS or EUC-JP is taken to be the
// latter (a common server misconfiguration). Invalid bytes become U+FFFD.
func decodeHTML(body []byte, contentType string) string {
	if e := bomEncoding(body); e != nil {
		return decodeWith(e, body)
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return decodeDeclared(e, name, body)
		}
	}
	if e, name := metaCharset(body[:min(len(body), sniffLen)]); e != nil {
		return decodeDeclared(e, name, body)
	}
	return decodeText(body)
}

// decodeText returns body, whose encoding is not declared, as valid UTF-8:
// a byte-order mark decides, then ISO-2022-JP escapes, then valid UTF-8, then
// the better reading of Shift_JIS and EUC-JP, else windows-1252.
func decodeText(body []byte) string {
	if e := bomEncoding(body); e != nil {
		return decodeWith(e, body)
	}
	if isISO2022JP(body) {
		return decodeWith(japanese.ISO2022JP, body)
	}
	if utf8.Valid(body) {
		return string(body)
	}
	if e := sniffJapanese(body); e != nil {
		return decodeWith(e, body)
	}
	return decodeWith(charmap.Windows1252, body)
}

// decodeDeclared decodes body with a declared encoding, second-guessing only
// a UTF-8 declaration the bytes contradict.
func decodeDeclared(e encoding.Encoding, name string, body []byte) string {
	if name == "utf-8" {
		if utf8.Valid(body) {
			return string(body)
		}
		if j := sniffJapanese(body); j != nil {
			return decodeWith(j, body)
		}
	}
	return decodeWith(e, body)
}

func bomEncoding(body []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		return unicode.UTF8BOM
	case bytes.HasPrefix(body, bomUTF16LE):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(body, bomUTF16BE):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// decodeWith decodes body with e and guarantees valid UTF-8.
func decodeWith(e encoding.Encoding, body []byte) string {
	out, _, err := transform.Bytes(e.NewDecoder(), body)
	if err != nil {
		out = body // decoders substitute U+FFFD rather than fail; be safe anyway
	}
	if !utf8.Valid(out) {
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	return string(out)
}

// metaCharset finds the encoding declared by <meta charset> or
// <meta http-equiv="Content-Type" content="…; charset=…"> before <body>.
// As HTML requires, a declared UTF-16 means UTF-8 (the bytes are ASCII-compatible
// or the meta could not have been read).
func metaCharset(head []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return nil, ""
			case "meta":
				if !hasAttr {
					continue
				}
				var label, httpEquiv, content string
				for {
					k, v, more := z.TagAttr()
					switch strings.ToLower(string(k)) {
					case "charset":
						label = string(v)
					case "http-equiv":
						httpEquiv = strings.ToLower(string(v))
					case "content":
						content = string(v)
					}
					if !more {
						break
					}
				}
				if label == "" && httpEquiv == "content-type" {
					if _, params, err := mime.ParseMediaType(content); err == nil {
						label = params["charset"]
					}
				}
				if label == "" {
					continue
				}
				e, name := charset.Lookup(label)
				if e == nil {
					continue
				}
				if strings.HasPrefix(name, "utf-16") {
					return encoding.Nop, "utf-8"
				}
				return e, name
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return nil, ""
			}
		}
	}
}

// isISO2022JP reports whether body contains a JIS X 0208 escape sequence.
func isISO2022JP(body []byte) bool {
	b := body[:min(len(body), jpSniffLen)]
	return bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@"))
}

// sniffJapanese decodes the start of body as Shift_JIS and as EUC-JP and
// returns the one that reads as Japanese, or nil if neither does. A reading
// scores for kana and kanji, loses for half-width katakana (what EUC-JP looks
// like through Shift_JIS) and loses heavily for invalid sequences.
func sniffJapanese(body []byte) encoding.Encoding {
	sample := body[:min(len(body), jpSniffLen)]
	var best encoding.Encoding
	bestScore := 0
	for _, e := range []encoding.Encoding{japanese.ShiftJIS, japanese.EUCJP} {
		out, _, err := transform.Bytes(e.NewDecoder(), sample)
		if err != nil {
			continue
		}
		score, bad, wide := 0, 0, 0
		for _, r := range string(out) {
			switch {
			case r == utf8.RuneError:
				bad++
				score -= 20
			case r >= 0x3040 && r <= 0x30FF: // hiragana, katakana
				score += 3
				wide++
			case r >= 0x4E00 && r <= 0x9FFF:
				score++
				wide++
			case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana
				score -= 2
			case isCJK(r):
				wide++
			}
		}
		// A final character cut by the sample boundary is not evidence.
		if len(sample) < len(body) && bad > 0 {
			score += 20
			bad--
		}
		if wide == 0 || bad*20 > wide {
			continue
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}
