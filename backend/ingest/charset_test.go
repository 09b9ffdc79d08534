package ingest

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode fixture: %v", err)
	}
	return b
}

// TestExtractHTMLCharsets encodes the Genkai fixture in the legacy Japanese
// encodings, declared in different ways or not at all, and expects exactly
// the Document of the UTF-8 original.
func TestExtractHTMLCharsets(t *testing.T) {
	src := string(readFixture(t, "genkai.html"))
	const meta = `<meta charset="UTF-8">`
	if !strings.Contains(src, meta) {
		t.Fatal("fixture lost its meta charset")
	}
	withMeta := func(cs string) string { return strings.Replace(src, meta, `<meta charset="`+cs+`">`, 1) }
	withHTTPEquiv := func(cs string) string {
		return strings.Replace(src, meta, `<meta http-equiv="Content-Type" content="text/html; charset=`+cs+`">`, 1)
	}
	noMeta := strings.Replace(src, meta, "", 1)

	want, err := ExtractHTML([]byte(src), "text/html", genkaiURL)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"shift_jis meta charset", encode(t, japanese.ShiftJIS, withMeta("Shift_JIS")), "text/html"},
		{"shift_jis http-equiv", encode(t, japanese.ShiftJIS, withHTTPEquiv("Shift_JIS")), ""},
		{"shift_jis content-type header only", encode(t, japanese.ShiftJIS, noMeta), "text/html; charset=Shift_JIS"},
		{"shift_jis undeclared", encode(t, japanese.ShiftJIS, noMeta), "text/html"},
		{"shift_jis under a wrong utf-8 header", encode(t, japanese.ShiftJIS, noMeta), "text/html; charset=UTF-8"},
		{"windows-31j label", encode(t, japanese.ShiftJIS, withMeta("Windows-31J")), ""},
		{"euc-jp meta charset", encode(t, japanese.EUCJP, withMeta("EUC-JP")), ""},
		{"euc-jp undeclared", encode(t, japanese.EUCJP, noMeta), ""},
		{"iso-2022-jp undeclared", encode(t, japanese.ISO2022JP, noMeta), ""},
		{"utf-8 undeclared", []byte(noMeta), ""},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, noMeta...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractHTML(tt.body, tt.contentType, genkaiURL)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("document differs from the UTF-8 original\ngot  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	const jp = "玄界のジョブはpjsubで投入します。メンテナンス中はログインできません。"
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"utf-8", []byte(jp), jp},
		{"shift_jis", encode(t, japanese.ShiftJIS, jp), jp},
		{"euc-jp", encode(t, japanese.EUCJP, jp), jp},
		{"iso-2022-jp", encode(t, japanese.ISO2022JP, jp), jp},
		{"latin-1 falls back to windows-1252", []byte("caf\xe9"), "café"},
		{"ascii", []byte("plain"), "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeText(tt.body); got != tt.want {
				t.Errorf("decodeText = %q, want %q", got, tt.want)
			}
		})
	}
}

// A Shift_JIS body longer than the sniffing window, cut in the middle of a
// character at the window's edge, still decodes as Shift_JIS.
func TestSniffJapaneseLongBody(t *testing.T) {
	s := strings.Repeat("あ", jpSniffLen/2-1) + "漢字のテキスト"
	body := encode(t, japanese.ShiftJIS, "x"+s)
	if got := decodeText(body); got != "x"+s {
		t.Errorf("long Shift_JIS body decoded wrongly (first 20 runes %q)", []rune(got)[:20])
	}
}

func TestExtractTextShiftJIS(t *testing.T) {
	body := encode(t, japanese.ShiftJIS, string(readFixture(t, "notice.txt")))
	got, err := ExtractText(body, "file:///docs/notice.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := ExtractText(readFixture(t, "notice.txt"), "file:///docs/notice.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Shift_JIS text: got %+v, want %+v", got, want)
	}
}
